### What goes wrong, as the error page and the API say it. The log keeps the English words.

## The server

error_server_page = Une erreur s'est produite sur le serveur. Réessayez dans un moment ; si elle revient, prévenez la personne qui s'occupe du serveur.
error_server_api = une erreur s'est produite sur le serveur ; la personne qui s'occupe du serveur en trouvera le détail dans le journal
error_unauthorized = Connectez-vous pour ouvrir cette page.
error_invalid = Ce qui a été envoyé contient des erreurs :

## Changes that a record's state refuses

error_record_anonymized = Cette fiche a été anonymisée : elle ne peut plus être modifiée.
error_record_other_account = La fiche de cette adresse appartient à un autre compte.
error_event_has_registrations =
    { $n ->
        [one] { $n } personne est inscrite : annulez d'abord l'événement, ce qui la prévient.
       *[other] { $n } personnes sont inscrites : annulez d'abord l'événement, ce qui les prévient.
    }
error_approve_not_pending = Seule une inscription en attente de validation peut être validée.
error_list_used = Des lettres utilisent cette liste : elle ne peut pas être supprimée.
error_campaign_scheduled = Cette lettre est programmée : annulez sa programmation pour la modifier.
error_campaign_sent = Cette lettre a été envoyée (ou est en cours d'envoi) : elle ne peut plus être modifiée.
error_campaign_not_scheduled = Cette lettre n'est pas programmée.
error_campaign_started = L'envoi de cette lettre a déjà commencé.
error_campaign_already_sent = Cette lettre a déjà été envoyée, ou est en cours d'envoi.
error_campaign_not_sending = Cette lettre n'est pas en cours d'envoi.

## Requests that cannot be read: $detail is what the reading code said, in English

error_form_too_large = Le formulaire est trop volumineux.
error_form_unreadable = Le formulaire n'a pas pu être lu : { $detail }
error_upload_unreadable = L'envoi n'a pas pu être lu : { $detail }
error_file_unreadable = Le fichier n'a pas pu être lu : { $detail }
error_body_unreadable = Le corps de la requête n'a pas pu être lu : { $detail }
error_request_rejected = { $detail }
error_body_not_json = envoyez le corps de la requête en application/json
error_body_not_csv = envoyez le corps de la requête en text/csv
error_import_refused_api = rien n'a été importé : corrigez ces lignes et envoyez de nouveau tout le fichier
error_page_from_1 = Les pages commencent à 1.
error_page_number = page : un nombre à partir de 1.
error_member_view = view : current, renew ou lapsed.
error_job_status_unknown = État inconnu « { $status } » : utilisez pending, running, done ou failed.
error_whole_number = « { $name } » doit être un nombre entier.
error_direction = direction : up ou down.
error_upload_cut = L'envoi du fichier s'est interrompu avant la fin : rien n'a été gardé, envoyez-le à nouveau.
error_file_over_limit = Le fichier dépasse { $max } Mo.
