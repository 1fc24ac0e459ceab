//! The words of held registrations: the page after the form, the confirm link's page, the
//! event form's settings (`events::holds`).

pub const WORDS: &[(&str, &str, &str)] = &[
    (
        "registered_held",
        "Votre place est retenue : confirmez-la depuis l'e-mail que nous vous avons envoyé.",
        "Your place is held: confirm it from the mail we sent you.",
    ),
    (
        "registered_held_waitlisted",
        "C'est complet : votre place sur la liste d'attente est retenue. Confirmez-la depuis l'e-mail que nous vous avons envoyé ; il vous dit aussi votre position.",
        "It's full: your place on the waiting list is held. Confirm it from the mail we sent you; it also tells you your number.",
    ),
    (
        "registered_held_pending",
        "Votre demande est reçue : confirmez votre adresse depuis l'e-mail que nous vous avons envoyé. L'équipe vous répondra ensuite.",
        "Your request has been received: confirm your address from the mail we sent you. The team will then answer.",
    ),
    (
        "held_explained",
        "Sans confirmation dans le délai indiqué dans l'e-mail, la place est libérée pour quelqu'un d'autre.",
        "Without a confirmation within the time the mail gives, the place goes to someone else.",
    ),
    (
        "mail_sent_to_held",
        "L'e-mail part à",
        "The mail is on its way to",
    ),
    (
        "confirm_registration",
        "Confirmer l'inscription",
        "Confirm the registration",
    ),
    (
        "confirm_question",
        "Confirmez-vous cette inscription ? Sans confirmation, la place est libérée le",
        "Do you confirm this registration? Without a confirmation the place is released on",
    ),
    ("confirm_button", "Oui, je confirme", "Yes, I confirm"),
    (
        "confirm_done",
        "C'est confirmé : la place est à vous. L'e-mail reçu contient le lien pour annuler si vous ne pouvez plus venir.",
        "Confirmed: the place is yours. The mail you got holds the link to cancel if you can no longer come.",
    ),
    (
        "confirm_done_waiting",
        "C'est confirmé : vous gardez votre place sur la liste d'attente. Si une place se libère, vous serez inscrit·e et prévenu·e par e-mail.",
        "Confirmed: you keep your place on the waiting list. If a place frees up, you will be registered and told by email.",
    ),
    (
        "confirm_already",
        "Cette inscription est déjà confirmée : il n'y a rien d'autre à faire.",
        "This registration is already confirmed: there is nothing else to do.",
    ),
    (
        "confirm_released",
        "Trop tard : faute de confirmation à temps, la place a été libérée. Vous pouvez vous inscrire à nouveau s'il en reste.",
        "Too late: without a confirmation in time, the place was released. You can register again if places are left.",
    ),
    (
        "confirm_inactive",
        "Cette inscription a été annulée : il n'y a rien à confirmer.",
        "This registration was cancelled: there is nothing to confirm.",
    ),
    (
        "confirm_link_invalid",
        "Ce lien de confirmation n'est pas valable. Utilisez le lien exact reçu par e-mail ; rien n'a été changé.",
        "This confirmation link is not valid. Use the exact link from your email; nothing was changed.",
    ),
    (
        "registration_closed_started",
        "L'événement a commencé : les inscriptions en ligne sont closes.",
        "The event has started: online registration is closed.",
    ),
    (
        "hold_registrations",
        "Retenir les inscriptions du site jusqu'à ce que la personne les confirme par e-mail",
        "Hold website registrations until the person confirms them by email",
    ),
    (
        "hold_minutes",
        "Délai pour confirmer (minutes)",
        "Time to confirm (minutes)",
    ),
    (
        "hold_minutes_help",
        "120 = 2 heures. Jamais au-delà du début de l'événement. Une place non confirmée à temps va à la personne suivante de la liste d'attente.",
        "120 = 2 hours. Never past the start of the event. A place not confirmed in time goes to the next person waiting.",
    ),
    (
        "hold_minutes_invalid",
        "Entre 5 et 10080 minutes (une semaine).",
        "Between 5 and 10080 minutes (a week).",
    ),
    (
        "image_invalid",
        "Choisissez une image envoyée dans les médias de ce site.",
        "Choose an image uploaded to this site's media.",
    ),
    (
        "reg_expired",
        "Non confirmée, libérée",
        "Not confirmed, released",
    ),
    ("reg_awaits", "adresse à confirmer", "address to confirm"),
];
