### Words of the campaign pages and mails.

## The list

campaign_title = Lettres d'information
campaign_new = Écrire une lettre
campaign_edit = Modifier la lettre
campaign_lists_link = Listes et abonnés
campaign_archive_link = Les lettres sur le site
campaign_none = Aucune lettre pour l'instant. Écrivez la première !
campaign_date = Date
campaign_status_draft = Brouillon
campaign_status_scheduled = Programmée
campaign_status_sending = En cours d'envoi
campaign_status_sent = Envoyée
campaign_status_cancelled = Envoi arrêté

## The editor

campaign_letter = La lettre
campaign_subject = Objet
campaign_lists = Envoyer à
campaign_lists_help = Une personne inscrite à plusieurs de ces listes ne reçoit la lettre qu'une fois. Seuls les abonnés qui ont confirmé la reçoivent.
campaign_list_public = publique
campaign_list_members = adhérents à jour
campaign_list_private = privée
campaign_body = Texte (Markdown)
campaign_body_help = **gras**, *italique*, [lien](https://…), ## titre, - liste. Le lien de désinscription est ajouté tout seul en bas de chaque courriel.
campaign_insert_events = Insérer les prochains événements
campaign_archive = Sur le site, une fois envoyée
campaign_archive_auto = Automatique : publiée si elle part à une liste publique
campaign_archive_yes = Oui, la publier dans les archives
campaign_archive_no = Non, ne pas la publier
campaign_to_fediverse = Publier aussi pour nos abonnés du fédivers (Mastodon…)
campaign_to_fediverse_help = Une fois envoyée, la lettre part aussi comme un article public.
campaign_fediverse_needs_archive = Pour la publier sur le fédivers, la lettre doit aussi être publiée sur le site.
campaign_preview = Aperçu
campaign_preview_label = Aperçu du courriel
campaign_preview_text = Version texte (pour les messageries sans mise en forme)
campaign_subject_required = Donnez un objet à la lettre.
campaign_subject_too_long = L'objet doit tenir sur une ligne de 200 caractères au plus.
campaign_body_required = Écrivez le texte de la lettre.
campaign_body_too_long = Le texte est trop long (200 000 caractères au plus).
campaign_lists_required = Cochez au moins une liste.
campaign_list_unknown = Une des listes n'existe plus. Rechargez la page.
campaign_delete_warning = Le brouillon sera supprimé. Rien n'a été envoyé.

## Notices after an action

campaign_done_saved = Lettre enregistrée.
campaign_done_test_sent = Le test est parti. Il arrive d'ici une minute.
campaign_done_scheduled = C'est programmé : la lettre partira toute seule à l'heure choisie.
campaign_done_unscheduled = Programmation annulée : la lettre est de nouveau un brouillon.
campaign_done_events_inserted = Les prochains événements sont ajoutés à la fin du texte. Enregistrez pour les garder.
campaign_done_resent = C'est reparti pour ces personnes.

## Test and sending

campaign_test = Envoyer un test
campaign_test_to = À l'adresse
campaign_test_help = L'objet commence par « [Test] ». Un test ne compte pas dans les envois.
campaign_test_send = Envoyer le test
campaign_sending = Envoyer
campaign_saved_version = C'est la version enregistrée qui part : enregistrez d'abord vos dernières modifications.
campaign_send_now = Envoyer maintenant
campaign_send_at = Ou envoyer le
campaign_send_at_help = Date et heure de l'association.
campaign_schedule = Programmer
campaign_scheduled_for = Cette lettre partira le
campaign_scheduled_locked = Pour la modifier, annulez d'abord la programmation.
campaign_unschedule = Annuler la programmation
campaign_time_invalid = Choisissez une date et une heure qui existent (par exemple 01/12/2026 09:00).
campaign_time_past = Cette heure est déjà passée : choisissez-en une à venir, ou envoyez maintenant.
campaign_confirm_title = Envoyer la lettre ?
campaign_confirm_lists = Listes :
campaign_confirm_count = personne(s) vont la recevoir.
campaign_confirm_warning = Une fois partie, la lettre ne peut plus être modifiée. Chaque personne la reçoit une seule fois.
campaign_confirm_nobody = Personne ne la recevrait : aucune de ces listes n'a d'abonné confirmé.
campaign_confirm_button = Oui, envoyer maintenant

## The report

campaign_started = partie le
campaign_finished = terminée le
campaign_see_archive = La voir sur le site
campaign_counts = Chiffres de l'envoi
campaign_c_recipients = destinataires
campaign_c_sent = envoyées
campaign_c_pending = en attente
campaign_c_failed = échecs
campaign_c_bounced = adresses refusées
campaign_c_unknown = incertaines
campaign_c_skipped = non envoyées
campaign_c_unsubscribed = désinscriptions
campaign_c_problems = problèmes
campaign_unknown_notice = personne(s) ne l'ont peut-être pas reçue : le serveur s'est arrêté pendant l'envoi de leur courriel. Elle n'est pas renvoyée d'elle-même, pour ne jamais l'envoyer deux fois. Vous pouvez la leur renvoyer ; certaines l'auront alors peut-être en double.
campaign_resend_unknown = La leur renvoyer
campaign_sending_note = L'envoi se fait par petits paquets, au rythme choisi par l'hébergeur. Rechargez la page pour suivre.
campaign_stop = Arrêter l'envoi
campaign_stop_warning = Les personnes qui ne l'ont pas encore reçue ne la recevront pas. On ne peut pas reprendre ensuite.
campaign_recipients = Destinataires
campaign_all = Tous
campaign_r_pending = En attente
campaign_r_sent = Envoyée
campaign_r_failed = Échec
campaign_r_bounced = Adresse refusée
campaign_r_unknown = Incertaine
campaign_r_skipped = Non envoyée
campaign_no_recipients = Personne dans cette catégorie.
campaign_sent_at = Envoyée le
campaign_detail = Détail
campaign_pages = Pages
campaign_previous = Précédents
campaign_next = Suivants
campaign_what_it_said = Ce que disait la lettre

## The public archive

campaign_archive_kicker = Lettre d'information
campaign_archive_back = Toutes les lettres

## The block of coming events the editor inserts (Markdown around it is added by the code)

events_block_title = Prochains rendez-vous
events_block_empty = Aucun rendez-vous n'est prévu dans les semaines qui viennent.
recipient_status_invalid = Statut inconnu : pending, sent, failed, bounced, unknown ou skipped.
campaign_skip_unsubscribed = Désinscription avant le départ de ce message
campaign_skip_unreachable = L'adresse a été rejetée, ou la personne effacée, avant le départ de ce message
campaign_skip_no_link = Pas de lien de désinscription pour cette adresse
campaign_skip_stopped = L'envoi a été arrêté
