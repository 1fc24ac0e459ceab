### The words of held registrations: the page after the form, the confirm link's page, the event form's settings (`events::holds`).

registered_held = Votre place est retenue : confirmez-la depuis l'e-mail que nous vous avons envoyé.
registered_held_waitlisted = C'est complet : votre place sur la liste d'attente est retenue. Confirmez-la depuis l'e-mail que nous vous avons envoyé ; il vous dit aussi votre position.
registered_held_pending = Votre demande est reçue : confirmez votre adresse depuis l'e-mail que nous vous avons envoyé. L'équipe vous répondra ensuite.
held_explained = Sans confirmation dans le délai indiqué dans l'e-mail, la place est libérée pour quelqu'un d'autre.
mail_sent_to_held = L'e-mail part à
confirm_registration = Confirmer l'inscription
confirm_question = Confirmez-vous cette inscription ? Sans confirmation, la place est libérée le
confirm_button = Oui, je confirme
confirm_done = C'est confirmé : la place est à vous. L'e-mail reçu contient le lien pour annuler si vous ne pouvez plus venir.
confirm_done_waiting = C'est confirmé : vous gardez votre place sur la liste d'attente. Si une place se libère, vous serez inscrit·e et prévenu·e par e-mail.
confirm_already = Cette inscription est déjà confirmée : il n'y a rien d'autre à faire.
confirm_released = Trop tard : faute de confirmation à temps, la place a été libérée. Vous pouvez vous inscrire à nouveau s'il en reste.
confirm_inactive = Cette inscription a été annulée : il n'y a rien à confirmer.
confirm_link_invalid = Ce lien de confirmation n'est pas valable. Utilisez le lien exact reçu par e-mail ; rien n'a été changé.
registration_closed_started = L'événement a commencé : les inscriptions en ligne sont closes.
hold_registrations = Retenir les inscriptions du site jusqu'à ce que la personne les confirme par e-mail
hold_minutes = Délai pour confirmer (minutes)
hold_minutes_help = 120 = 2 heures. Jamais au-delà du début de l'événement. Une place non confirmée à temps va à la personne suivante de la liste d'attente.
hold_minutes_invalid = Entre 5 et 10080 minutes (une semaine).
image_invalid = Choisissez une image envoyée dans les médias de ce site.
reg_expired = Non confirmée, libérée
reg_awaits = adresse à confirmer
