//! Words of the campaign pages and mails.

/// (key, French, English).
pub const WORDS: &[(&str, &str, &str)] = &[
    // The list
    ("campaign_title", "Lettres d'information", "Newsletters"),
    ("campaign_new", "Écrire une lettre", "Write a newsletter"),
    ("campaign_edit", "Modifier la lettre", "Edit the newsletter"),
    (
        "campaign_lists_link",
        "Listes et abonnés",
        "Lists and subscribers",
    ),
    (
        "campaign_archive_link",
        "Les lettres sur le site",
        "Newsletters on the website",
    ),
    (
        "campaign_none",
        "Aucune lettre pour l'instant. Écrivez la première !",
        "No newsletter yet. Write the first one!",
    ),
    ("campaign_date", "Date", "Date"),
    ("campaign_status_draft", "Brouillon", "Draft"),
    ("campaign_status_scheduled", "Programmée", "Scheduled"),
    ("campaign_status_sending", "En cours d'envoi", "Being sent"),
    ("campaign_status_sent", "Envoyée", "Sent"),
    (
        "campaign_status_cancelled",
        "Envoi arrêté",
        "Sending stopped",
    ),
    // The editor
    ("campaign_letter", "La lettre", "The newsletter"),
    ("campaign_subject", "Objet", "Subject"),
    ("campaign_lists", "Envoyer à", "Send to"),
    (
        "campaign_lists_help",
        "Une personne inscrite à plusieurs de ces listes ne reçoit la lettre qu'une fois. Seuls les abonnés qui ont confirmé la reçoivent.",
        "Someone on several of these lists gets the newsletter once. Only subscribers who confirmed get it.",
    ),
    ("campaign_list_public", "publique", "public"),
    (
        "campaign_list_members",
        "adhérents à jour",
        "current members",
    ),
    ("campaign_list_private", "privée", "private"),
    ("campaign_body", "Texte (Markdown)", "Text (Markdown)"),
    (
        "campaign_body_help",
        "**gras**, *italique*, [lien](https://…), ## titre, - liste. Le lien de désinscription est ajouté tout seul en bas de chaque courriel.",
        "**bold**, *italic*, [link](https://…), ## heading, - list. The unsubscribe link is added by itself at the bottom of every mail.",
    ),
    (
        "campaign_insert_events",
        "Insérer les prochains événements",
        "Insert the coming events",
    ),
    (
        "campaign_archive",
        "Sur le site, une fois envoyée",
        "On the website, once sent",
    ),
    (
        "campaign_archive_auto",
        "Automatique : publiée si elle part à une liste publique",
        "Automatic: published if it goes to a public list",
    ),
    (
        "campaign_archive_yes",
        "Oui, la publier dans les archives",
        "Yes, publish it in the archive",
    ),
    (
        "campaign_archive_no",
        "Non, ne pas la publier",
        "No, do not publish it",
    ),
    (
        "campaign_to_fediverse",
        "Publier aussi pour nos abonnés du fédivers (Mastodon…)",
        "Also publish it for our fediverse followers (Mastodon…)",
    ),
    (
        "campaign_to_fediverse_help",
        "Une fois envoyée, la lettre part aussi comme un article public.",
        "Once sent, the newsletter also goes out as a public article.",
    ),
    (
        "campaign_fediverse_needs_archive",
        "Pour la publier sur le fédivers, la lettre doit aussi être publiée sur le site.",
        "To publish it on the fediverse, the newsletter must also be published on the website.",
    ),
    ("campaign_preview", "Aperçu", "Preview"),
    (
        "campaign_preview_label",
        "Aperçu du courriel",
        "Preview of the mail",
    ),
    (
        "campaign_preview_text",
        "Version texte (pour les messageries sans mise en forme)",
        "Text version (for mail programs without formatting)",
    ),
    (
        "campaign_subject_required",
        "Donnez un objet à la lettre.",
        "Give the newsletter a subject.",
    ),
    (
        "campaign_subject_too_long",
        "L'objet doit tenir sur une ligne de 200 caractères au plus.",
        "The subject must fit on one line of at most 200 characters.",
    ),
    (
        "campaign_body_required",
        "Écrivez le texte de la lettre.",
        "Write the newsletter's text.",
    ),
    (
        "campaign_body_too_long",
        "Le texte est trop long (200 000 caractères au plus).",
        "The text is too long (200,000 characters at most).",
    ),
    (
        "campaign_lists_required",
        "Cochez au moins une liste.",
        "Tick at least one list.",
    ),
    (
        "campaign_list_unknown",
        "Une des listes n'existe plus. Rechargez la page.",
        "One of the lists no longer exists. Reload the page.",
    ),
    (
        "campaign_delete_warning",
        "Le brouillon sera supprimé. Rien n'a été envoyé.",
        "The draft will be deleted. Nothing has been sent.",
    ),
    // Notices after an action
    (
        "campaign_done_saved",
        "Lettre enregistrée.",
        "Newsletter saved.",
    ),
    (
        "campaign_done_test_sent",
        "Le test est parti. Il arrive d'ici une minute.",
        "The test is on its way. It arrives within a minute.",
    ),
    (
        "campaign_done_scheduled",
        "C'est programmé : la lettre partira toute seule à l'heure choisie.",
        "Scheduled: the newsletter will go out by itself at the chosen time.",
    ),
    (
        "campaign_done_unscheduled",
        "Programmation annulée : la lettre est de nouveau un brouillon.",
        "Schedule cancelled: the newsletter is a draft again.",
    ),
    (
        "campaign_done_events_inserted",
        "Les prochains événements sont ajoutés à la fin du texte. Enregistrez pour les garder.",
        "The coming events are added at the end of the text. Save to keep them.",
    ),
    (
        "campaign_done_resent",
        "C'est reparti pour ces personnes.",
        "It is on its way to those people again.",
    ),
    // Test and sending
    ("campaign_test", "Envoyer un test", "Send a test"),
    ("campaign_test_to", "À l'adresse", "To the address"),
    (
        "campaign_test_help",
        "L'objet commence par « [Test] ». Un test ne compte pas dans les envois.",
        "The subject starts with \"[Test]\". A test is not counted as sent.",
    ),
    ("campaign_test_send", "Envoyer le test", "Send the test"),
    ("campaign_sending", "Envoyer", "Send"),
    (
        "campaign_saved_version",
        "C'est la version enregistrée qui part : enregistrez d'abord vos dernières modifications.",
        "The saved version is the one that goes out: save your last changes first.",
    ),
    ("campaign_send_now", "Envoyer maintenant", "Send now"),
    ("campaign_send_at", "Ou envoyer le", "Or send on"),
    (
        "campaign_send_at_help",
        "Date et heure de l'association.",
        "The association's date and time.",
    ),
    ("campaign_schedule", "Programmer", "Schedule"),
    (
        "campaign_scheduled_for",
        "Cette lettre partira le",
        "This newsletter goes out on",
    ),
    (
        "campaign_scheduled_locked",
        "Pour la modifier, annulez d'abord la programmation.",
        "To change it, cancel the schedule first.",
    ),
    (
        "campaign_unschedule",
        "Annuler la programmation",
        "Cancel the schedule",
    ),
    (
        "campaign_time_invalid",
        "Choisissez une date et une heure qui existent (par exemple 01/12/2026 09:00).",
        "Choose a date and time that exist (for example 2026-12-01 09:00).",
    ),
    (
        "campaign_time_past",
        "Cette heure est déjà passée : choisissez-en une à venir, ou envoyez maintenant.",
        "This time has passed: choose one to come, or send now.",
    ),
    (
        "campaign_confirm_title",
        "Envoyer la lettre ?",
        "Send the newsletter?",
    ),
    ("campaign_confirm_lists", "Listes :", "Lists:"),
    (
        "campaign_confirm_count",
        "personne(s) vont la recevoir.",
        "people will receive it.",
    ),
    (
        "campaign_confirm_warning",
        "Une fois partie, la lettre ne peut plus être modifiée. Chaque personne la reçoit une seule fois.",
        "Once sent, the newsletter can no longer be changed. Each person gets it once.",
    ),
    (
        "campaign_confirm_nobody",
        "Personne ne la recevrait : aucune de ces listes n'a d'abonné confirmé.",
        "Nobody would receive it: none of these lists has a confirmed subscriber.",
    ),
    (
        "campaign_confirm_button",
        "Oui, envoyer maintenant",
        "Yes, send now",
    ),
    // The report
    ("campaign_started", "partie le", "started"),
    ("campaign_finished", "terminée le", "finished"),
    (
        "campaign_see_archive",
        "La voir sur le site",
        "See it on the website",
    ),
    ("campaign_counts", "Chiffres de l'envoi", "Sending figures"),
    ("campaign_c_recipients", "destinataires", "recipients"),
    ("campaign_c_sent", "envoyées", "sent"),
    ("campaign_c_pending", "en attente", "waiting"),
    ("campaign_c_failed", "échecs", "failed"),
    (
        "campaign_c_bounced",
        "adresses refusées",
        "addresses refused",
    ),
    ("campaign_c_unknown", "incertaines", "uncertain"),
    ("campaign_c_skipped", "non envoyées", "not sent"),
    ("campaign_c_unsubscribed", "désinscriptions", "unsubscribed"),
    ("campaign_c_problems", "problèmes", "problems"),
    (
        "campaign_unknown_notice",
        "personne(s) ne l'ont peut-être pas reçue : le serveur s'est arrêté pendant l'envoi de leur courriel. Elle n'est pas renvoyée d'elle-même, pour ne jamais l'envoyer deux fois. Vous pouvez la leur renvoyer ; certaines l'auront alors peut-être en double.",
        "may not have received it: the server stopped while their mail was being sent. It is not sent again by itself, so that nobody ever gets it twice. You can send it to them again; some may then get it twice.",
    ),
    (
        "campaign_resend_unknown",
        "La leur renvoyer",
        "Send it to them again",
    ),
    (
        "campaign_sending_note",
        "L'envoi se fait par petits paquets, au rythme choisi par l'hébergeur. Rechargez la page pour suivre.",
        "It goes out in small batches, at the pace the host chose. Reload the page to follow.",
    ),
    ("campaign_stop", "Arrêter l'envoi", "Stop sending"),
    (
        "campaign_stop_warning",
        "Les personnes qui ne l'ont pas encore reçue ne la recevront pas. On ne peut pas reprendre ensuite.",
        "People who have not received it yet will not. It cannot be resumed afterwards.",
    ),
    ("campaign_recipients", "Destinataires", "Recipients"),
    ("campaign_all", "Tous", "All"),
    ("campaign_r_pending", "En attente", "Waiting"),
    ("campaign_r_sent", "Envoyée", "Sent"),
    ("campaign_r_failed", "Échec", "Failed"),
    ("campaign_r_bounced", "Adresse refusée", "Address refused"),
    ("campaign_r_unknown", "Incertaine", "Uncertain"),
    ("campaign_r_skipped", "Non envoyée", "Not sent"),
    (
        "campaign_no_recipients",
        "Personne dans cette catégorie.",
        "Nobody in this category.",
    ),
    ("campaign_sent_at", "Envoyée le", "Sent on"),
    ("campaign_detail", "Détail", "Detail"),
    ("campaign_pages", "Pages", "Pages"),
    ("campaign_previous", "Précédents", "Previous"),
    ("campaign_next", "Suivants", "Next"),
    (
        "campaign_what_it_said",
        "Ce que disait la lettre",
        "What the newsletter said",
    ),
    // The public archive
    (
        "campaign_archive_kicker",
        "Lettre d'information",
        "Newsletter",
    ),
    (
        "campaign_archive_back",
        "Toutes les lettres",
        "All newsletters",
    ),
];
