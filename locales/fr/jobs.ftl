### The background tasks as an admin sees them (the jobs page): what each kind does and where
### it stands.

## The page

job_kind = Tâche
# Before a count: "En attente : 3"
job_count = { $status } :
job_filter_all = toutes
job_filter_failed = en échec
job_filter_pending = en attente

## Statuses

job_status_pending = En attente
job_status_running = En cours
job_status_done = Faite
job_status_failed = En échec

## Kinds

job_kind_mail = Envoi d'un e-mail
job_kind_publish = Publication sur le fédivers
job_kind_rsvp-notice = Réponse à une inscription du fédivers
job_kind_event-counts = Mise à jour des places d'un événement
job_kind_registration-hold = Fin d'une place retenue
job_kind_deliver = Livraison à un serveur du fédivers
job_kind_membership-reminders = Rappels de renouvellement
job_kind_campaign_start = Début d'envoi d'une lettre
job_kind_campaign_batch = Envoi d'une lettre (par lots)
