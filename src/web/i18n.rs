//! French and English. The language comes from the `lang` cookie (set by the switch in the
//! page footer), else from the browser's Accept-Language, else the site's default.

use axum::{extract::FromRequestParts, http::request::Parts};
use axum_extra::extract::CookieJar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of the browser's languages that we have, by quality order.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut choices: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        choices.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        choices
            .into_iter()
            .find_map(|(_, tag)| Lang::parse(&tag.get(..2).unwrap_or("").to_ascii_lowercase()))
    }

    /// The words for a message key. An unknown key shows itself, so that a missing word is
    /// seen on the page rather than hidden.
    pub fn t(self, key: &str) -> &'static str {
        static INDEX: std::sync::OnceLock<
            std::collections::HashMap<&'static str, (&'static str, &'static str)>,
        > = std::sync::OnceLock::new();
        let index = INDEX.get_or_init(|| all_words().map(|(k, fr, en)| (*k, (*fr, *en))).collect());
        match (index.get(key), self) {
            (Some((fr, _)), Lang::Fr) => fr,
            (Some((_, en)), Lang::En) => en,
            (None, _) => "??",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang
where
    crate::App: axum::extract::FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(lang) = jar.get("lang").and_then(|c| Lang::parse(c.value())) {
            return Ok(lang);
        }
        let header = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if let Some(lang) = Lang::from_accept_language(header) {
            return Ok(lang);
        }
        let app: crate::App = axum::extract::FromRef::from_ref(state);
        Ok(Lang::parse(&app.settings.default_lang).unwrap_or(Lang::Fr))
    }
}

/// Every word: the common table here, then each part's table in `words/`.
fn all_words() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    WORDS
        .iter()
        .chain(super::words::TABLES.iter().flat_map(|table| table.iter()))
}

/// (key, French, English).
const WORDS: &[(&str, &str, &str)] = &[
    // Navigation and common words
    ("home", "Accueil", "Home"),
    ("news", "Actualités", "News"),
    ("dashboard", "Tableau de bord", "Dashboard"),
    ("login", "Se connecter", "Log in"),
    ("logout", "Se déconnecter", "Log out"),
    ("save", "Enregistrer", "Save"),
    ("preview", "Aperçu", "Preview"),
    ("delete", "Supprimer", "Delete"),
    ("edit", "Modifier", "Edit"),
    ("new", "Nouveau", "New"),
    ("back", "Retour", "Back"),
    ("email", "Adresse e-mail", "Email address"),
    ("password", "Mot de passe", "Password"),
    ("new_password", "Nouveau mot de passe", "New password"),
    (
        "current_password",
        "Mot de passe actuel",
        "Current password",
    ),
    ("name", "Nom", "Name"),
    ("title", "Titre", "Title"),
    ("summary", "Résumé (facultatif)", "Summary (optional)"),
    ("body", "Texte (Markdown)", "Text (Markdown)"),
    ("slug", "Adresse de la page", "Page address"),
    ("publish", "Publier", "Publish"),
    ("published", "Publié", "Published"),
    ("draft", "Brouillon", "Draft"),
    ("in_menu", "Afficher dans le menu", "Show in the menu"),
    (
        "menu_order",
        "Position dans le menu",
        "Position in the menu",
    ),
    ("pages", "Pages", "Pages"),
    ("posts", "Actualités", "News posts"),
    ("images", "Images", "Images"),
    ("followers", "Abonnés du fédivers", "Fediverse followers"),
    ("jobs", "Tâches en attente", "Background tasks"),
    ("accounts", "Comptes", "Accounts"),
    ("my_account", "Mon compte", "My account"),
    ("nav_contacts", "Contacts", "Contacts"),
    ("nav_members", "Adhérents", "Members"),
    ("nav_newsletter", "Lettre d'information", "Newsletter"),
    ("nav_lists", "Abonnés", "Subscribers"),
    ("nav_privacy", "Données personnelles", "Personal data"),
    ("nav_my_record", "Ma fiche", "My record"),
    ("api_tokens", "Jetons d'accès à l'API", "API tokens"),
    ("no_news", "Pas encore d'actualités.", "No news yet."),
    ("read_more", "Lire la suite", "Read more"),
    (
        "follow_us",
        "Suivez-nous depuis Mastodon ou tout le fédivers :",
        "Follow us from Mastodon or anywhere on the fediverse:",
    ),
    ("feed", "Flux Atom", "Atom feed"),
    ("language", "Langue", "Language"),
    (
        "not_found",
        "Cette page n'existe pas (ou plus).",
        "This page does not exist (any more).",
    ),
    (
        "forgot_password",
        "Mot de passe oublié ?",
        "Forgot your password?",
    ),
    (
        "reset_password",
        "Choisir un nouveau mot de passe",
        "Choose a new password",
    ),
    (
        "reset_sent",
        "Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien valable une heure.",
        "If an account exists for this address, an email has just been sent to it with a link valid for one hour.",
    ),
    ("send_link", "Envoyer le lien", "Send the link"),
    (
        "setup_title",
        "Créer le premier compte administrateur",
        "Create the first admin account",
    ),
    ("saved", "C'est enregistré.", "Saved."),
    (
        "password_changed",
        "Votre mot de passe a été changé.",
        "Your password has been changed.",
    ),
    ("upload", "Envoyer l'image", "Upload the image"),
    ("file", "Fichier", "File"),
    ("remove", "Retirer", "Remove"),
    ("block_actor", "Bloquer ce compte", "Block this account"),
    (
        "block_domain",
        "Bloquer tout ce serveur",
        "Block this whole server",
    ),
    ("blocked", "Bloqués", "Blocked"),
    ("unblock", "Débloquer", "Unblock"),
    ("retry", "Relancer", "Retry"),
    ("status", "État", "Status"),
    ("attempts", "Essais", "Attempts"),
    ("error", "Erreur", "Error"),
    ("role", "Rôle", "Role"),
    ("create", "Créer", "Create"),
    (
        "token_created",
        "Voici votre jeton. Copiez-le maintenant : il ne sera plus affiché.",
        "Here is your token. Copy it now: it will not be shown again.",
    ),
    ("revoke", "Révoquer", "Revoke"),
    (
        "form_has_errors",
        "Le formulaire contient des erreurs, corrigées ci-dessous.",
        "The form has mistakes, shown below.",
    ),
    (
        "forbidden",
        "Votre rôle ne permet pas d'ouvrir cette page.",
        "Your role does not allow you to open this page.",
    ),
    (
        "csrf_failed",
        "Le formulaire a expiré. Rechargez la page et recommencez.",
        "The form has expired. Reload the page and try again.",
    ),
    (
        "too_many_attempts",
        "Trop d'essais. Attendez quelques minutes avant de réessayer.",
        "Too many attempts. Wait a few minutes before trying again.",
    ),
    (
        "delete_warning",
        "La suppression est définitive. Sur le fédivers, les abonnés recevront l'ordre de la retirer.",
        "Deleting is final. On the fediverse, followers are told to remove it.",
    ),
    ("delete_confirm", "Oui, supprimer", "Yes, delete"),
    ("see_on_site", "Voir sur le site", "See it on the site"),
    ("new_post", "Nouvelle actualité", "New post"),
    ("edit_post", "Modifier l'actualité", "Edit the post"),
    ("new_page", "Nouvelle page", "New page"),
    ("edit_page", "Modifier la page", "Edit the page"),
    ("failed_jobs", "Tâches en échec", "Failed tasks"),
    // Field errors
    (
        "required",
        "Ce champ est obligatoire.",
        "This field is required.",
    ),
    (
        "too_long",
        "Ce texte est trop long.",
        "This text is too long.",
    ),
    (
        "email_invalid",
        "Cette adresse e-mail n'est pas valide.",
        "This email address is not valid.",
    ),
    (
        "email_taken",
        "Un compte existe déjà avec cette adresse.",
        "An account already exists with this address.",
    ),
    (
        "password_too_short",
        "Le mot de passe doit faire au moins 10 caractères.",
        "The password must be at least 10 characters long.",
    ),
    (
        "password_too_long",
        "Le mot de passe est trop long.",
        "The password is too long.",
    ),
    (
        "login_failed",
        "Adresse ou mot de passe incorrect.",
        "Wrong address or password.",
    ),
    (
        "slug_invalid",
        "Utilisez seulement des minuscules sans accent, des chiffres et des tirets.",
        "Use only lowercase letters without accents, digits and hyphens.",
    ),
    (
        "slug_taken",
        "Une autre page utilise déjà cette adresse.",
        "Another page already uses this address.",
    ),
    ("file_empty", "Choisissez un fichier.", "Choose a file."),
    (
        "file_too_large",
        "L'image dépasse 5 Mo.",
        "The image is larger than 5 MB.",
    ),
    (
        "file_not_image",
        "Ce fichier n'est pas une image PNG, JPEG, GIF ou WebP.",
        "This file is not a PNG, JPEG, GIF or WebP image.",
    ),
    (
        "reset_link_invalid",
        "Ce lien n'est plus valable. Demandez-en un nouveau.",
        "This link is no longer valid. Ask for a new one.",
    ),
    (
        "setup_link_invalid",
        "Ce lien d'installation n'est plus valable.",
        "This setup link is no longer valid.",
    ),
    (
        "token_name_required",
        "Donnez un nom au jeton (par exemple : script d'import).",
        "Give the token a name (for example: import script).",
    ),
    (
        "url_invalid",
        "Ce n'est pas une adresse web valide.",
        "This is not a valid web address.",
    ),
    (
        "domain_invalid",
        "Ce n'est pas un nom de domaine valide.",
        "This is not a valid domain name.",
    ),
    (
        "last_admin",
        "Il doit rester au moins un administrateur.",
        "There must be at least one admin left.",
    ),
    (
        "passwords_differ",
        "Les deux mots de passe ne sont pas identiques.",
        "The two passwords are not the same.",
    ),
    (
        "wrong_password",
        "Le mot de passe actuel n'est pas le bon.",
        "The current password is wrong.",
    ),
    // Events: the agenda, registration, the organizers' tools, weekly series
    ("agenda", "Agenda", "Events"),
    ("events", "Événements", "Events"),
    ("coming_events", "À venir", "Coming events"),
    ("past_events", "Événements passés", "Past events"),
    ("all_categories", "Toutes", "All"),
    (
        "filter_events",
        "Choisir les événements",
        "Filter the events",
    ),
    (
        "no_events",
        "Aucun événement à venir pour l'instant.",
        "No events coming up yet.",
    ),
    (
        "no_past_events",
        "Pas encore d'événement passé.",
        "No past events yet.",
    ),
    (
        "subscribe_calendar",
        "Suivre l'agenda dans votre application de calendrier :",
        "Follow the agenda in your calendar app:",
    ),
    ("online", "En ligne", "Online"),
    ("when", "Quand", "When"),
    ("where", "Où", "Where"),
    ("category", "Catégorie", "Category"),
    ("places", "Places", "Places"),
    (
        "add_to_calendar",
        "Ajouter à mon calendrier (.ics)",
        "Add to my calendar (.ics)",
    ),
    ("see_map", "Voir le plan", "See the map"),
    (
        "full_waiting_list",
        "Complet – liste d'attente",
        "Full – waiting list",
    ),
    ("event_postponed", "Reporté", "Postponed"),
    (
        "event_cancelled",
        "Cet événement est annulé.",
        "This event is cancelled.",
    ),
    (
        "event_past",
        "Cet événement est passé.",
        "This event is over.",
    ),
    (
        "registration_closed",
        "Les inscriptions sont closes.",
        "Registration is closed.",
    ),
    (
        "registration_not_open_yet",
        "Les inscriptions ne sont pas encore ouvertes.",
        "Registration is not open yet.",
    ),
    (
        "registration_not_offered",
        "Cet événement ne prend pas d'inscriptions.",
        "This event does not take registrations.",
    ),
    ("register", "S'inscrire", "Register"),
    ("register_button", "Je m'inscris", "Register me"),
    (
        "join_waiting_list",
        "M'inscrire sur la liste d'attente",
        "Put me on the waiting list",
    ),
    ("your_name", "Votre nom", "Your name"),
    (
        "email_help",
        "Pour vous confirmer l'inscription et vous donner un lien pour annuler. Elle ne sert à rien d'autre.",
        "To confirm your registration and give you a link to cancel. It is used for nothing else.",
    ),
    (
        "message_optional",
        "Un message pour l'équipe (facultatif)",
        "A message for the team (optional)",
    ),
    (
        "full_form_note",
        "C'est complet. Vous pouvez vous inscrire sur la liste d'attente : si une place se libère, la première personne de la liste est inscrite et prévenue.",
        "It's full. You can join the waiting list: when a place frees up, the first person on the list is registered and told.",
    ),
    (
        "approval_note",
        "L'équipe confirme chaque inscription ; vous recevrez sa réponse par e-mail.",
        "The team confirms each registration; you will get the answer by email.",
    ),
    (
        "registered_confirmed",
        "C'est noté, vous êtes inscrit·e !",
        "Done: you're registered!",
    ),
    (
        "registered_waitlisted",
        "C'est complet : vous êtes sur la liste d'attente. L'e-mail que nous vous avons envoyé vous dit votre position.",
        "It's full: you are on the waiting list. The mail we sent you tells you your number.",
    ),
    (
        "waitlist_explained",
        "Si une place se libère, vous serez inscrit·e et prévenu·e par e-mail.",
        "If a place frees up, you will be registered and told by email.",
    ),
    (
        "registered_pending",
        "Votre demande est reçue : l'équipe vous répondra par e-mail.",
        "Your request has been received: the team will answer by email.",
    ),
    (
        "registration_impossible",
        "L'inscription n'est pas possible.",
        "Registration is not possible.",
    ),
    (
        "mail_sent_to",
        "Un e-mail de confirmation part à",
        "A confirmation email is on its way to",
    ),
    (
        "mail_has_cancel_link",
        "Il contient le lien pour annuler si vous ne pouvez plus venir.",
        "It holds the link to cancel if you can no longer come.",
    ),
    (
        "cancel_registration",
        "Annuler l'inscription",
        "Cancel the registration",
    ),
    (
        "cancel_question",
        "Voulez-vous annuler votre inscription ? Votre place ira à la première personne de la liste d'attente.",
        "Do you want to cancel your registration? Your place will go to the first person on the waiting list.",
    ),
    (
        "cancel_question_waiting",
        "Voulez-vous retirer votre demande ?",
        "Do you want to withdraw your request?",
    ),
    (
        "cancel_confirm",
        "Oui, annuler mon inscription",
        "Yes, cancel my registration",
    ),
    (
        "cancel_done",
        "Votre inscription est annulée. Merci de nous avoir prévenus.",
        "Your registration is cancelled. Thank you for telling us.",
    ),
    (
        "cancel_already",
        "Cette inscription est déjà annulée : il n'y a rien d'autre à faire.",
        "This registration is already cancelled: there is nothing else to do.",
    ),
    (
        "cancel_link_invalid",
        "Ce lien d'annulation n'est pas valable. Utilisez le lien exact reçu par e-mail ; rien n'a été changé.",
        "This cancel link is not valid. Use the exact link from your email; nothing was changed.",
    ),
    (
        "registration_gone",
        "Cette inscription n'existe plus (l'événement a peut-être été supprimé).",
        "This registration no longer exists (the event may have been deleted).",
    ),
    ("new_event", "Nouvel événement", "New event"),
    ("edit_event", "Modifier l'événement", "Edit the event"),
    (
        "event_description",
        "Description (Markdown)",
        "Description (Markdown)",
    ),
    ("starts_at", "Début", "Starts"),
    ("ends_at", "Fin", "Ends"),
    ("timezone", "Fuseau horaire", "Time zone"),
    ("place_name", "Nom du lieu", "Place name"),
    ("place_address", "Adresse", "Address"),
    ("latitude", "Latitude (facultatif)", "Latitude (optional)"),
    (
        "longitude",
        "Longitude (facultatif)",
        "Longitude (optional)",
    ),
    (
        "online_url",
        "Lien en ligne (facultatif)",
        "Online link (optional)",
    ),
    ("event_image", "Image", "Image"),
    ("no_image", "Pas d'image", "No image"),
    ("registration", "Inscriptions", "Registration"),
    (
        "takes_registrations",
        "Prendre les inscriptions",
        "Take registrations",
    ),
    ("capacity", "Nombre de places", "Number of places"),
    ("capacity_help", "Vide : pas de limite.", "Empty: no limit."),
    (
        "requires_approval",
        "Chaque inscription attend la confirmation d'un·e organisateur·rice",
        "Each registration waits for an organizer's confirmation",
    ),
    (
        "registration_opens_at",
        "Ouverture des inscriptions",
        "Registration opens",
    ),
    (
        "registration_closes_at",
        "Clôture des inscriptions",
        "Registration closes",
    ),
    ("optional", "Facultatif.", "Optional."),
    (
        "status_help",
        "« Annulé » prévient toutes les personnes inscrites.",
        "\"Cancelled\" tells everyone registered.",
    ),
    ("status_scheduled", "Prévu", "Scheduled"),
    ("status_postponed", "Reporté", "Postponed"),
    ("status_cancelled", "Annulé", "Cancelled"),
    (
        "publish_event",
        "Publier (sur le site et le fédivers)",
        "Publish (on the website and the fediverse)",
    ),
    ("cancel_event", "Annuler l'événement", "Cancel the event"),
    (
        "cancel_event_warning",
        "Toutes les personnes inscrites ou en attente seront prévenues, chacune par le canal de son inscription. On ne peut pas revenir en arrière.",
        "Everyone registered or waiting will be told, each on the channel they used. This cannot be undone.",
    ),
    (
        "cancel_event_confirm",
        "Oui, annuler et prévenir tout le monde",
        "Yes, cancel and tell everyone",
    ),
    (
        "delete_event_warning",
        "Supprimer efface l'événement et ses inscriptions. Un événement qui a des inscrits doit d'abord être annulé (ce qui les prévient).",
        "Deleting removes the event and its registrations. An event with people registered must be cancelled first (which tells them).",
    ),
    (
        "edit_whole_series",
        "Modifier toute la série",
        "Edit the whole series",
    ),
    (
        "occurrence_note",
        "Cette date fait partie d'une série : les changements ici ne concernent que cette date.",
        "This date belongs to a series: changes made here apply to this date only.",
    ),
    ("registrations", "Inscriptions", "Registrations"),
    (
        "no_registrations",
        "Personne n'est encore inscrit.",
        "Nobody has registered yet.",
    ),
    ("reg_pending", "À confirmer", "To confirm"),
    ("reg_confirmed", "Inscrit·e", "Confirmed"),
    ("reg_waitlisted", "Liste d'attente", "Waiting list"),
    ("reg_cancelled", "Annulé", "Cancelled"),
    ("reg_refused", "Refusé", "Refused"),
    ("channel_web", "Site web", "Website"),
    ("channel_join", "Mobilizon", "Mobilizon"),
    ("channel_poll", "Sondage (Mastodon…)", "Poll (Mastodon…)"),
    ("channel_accept", "Friendica", "Friendica"),
    ("approve", "Confirmer", "Confirm"),
    ("refuse", "Refuser", "Refuse"),
    ("came", "Venu·e", "Came"),
    ("checkin", "Pointer les présents", "Check-in"),
    ("checkin_sheet", "Feuille d'émargement", "Check-in sheet"),
    ("export_csv", "Exporter (CSV)", "Export (CSV)"),
    ("print", "Imprimer", "Print"),
    ("notes", "Notes", "Notes"),
    (
        "capacity_change_help",
        "Augmenter le nombre de places inscrit les premières personnes en attente et les prévient. Vide : pas de limite.",
        "Raising the number of places registers the first people waiting and tells them. Empty: no limit.",
    ),
    (
        "capacity_saved",
        "Nombre de places enregistré.",
        "Number of places saved.",
    ),
    (
        "message_everyone",
        "Message à toutes les personnes inscrites",
        "Message to everyone registered",
    ),
    ("message", "Message", "Message"),
    (
        "message_everyone_help",
        "Envoyé par e-mail ou message privé du fédivers, selon l'inscription, aux inscrit·es et aux personnes en attente.",
        "Sent by email or fediverse direct message, whichever way they registered, to everyone confirmed or waiting.",
    ),
    ("send", "Envoyer", "Send"),
    (
        "message_sent",
        "Message envoyé. Destinataires :",
        "Message sent. Recipients:",
    ),
    (
        "event_cancelled_notice",
        "L'événement est annulé ; les personnes inscrites sont prévenues.",
        "The event is cancelled; the people registered are being told.",
    ),
    (
        "registration_updated",
        "Inscription mise à jour.",
        "Registration updated.",
    ),
    ("csv_number", "N°", "No."),
    ("csv_fediverse", "Compte fédivers", "Fediverse account"),
    ("csv_channel", "Canal", "Channel"),
    ("csv_registered_at", "Inscrit·e le", "Registered at"),
    ("csv_came", "Venu·e", "Came"),
    ("csv_message", "Message", "Message"),
    ("yes", "oui", "yes"),
    ("no", "non", "no"),
    ("series", "Série", "Series"),
    (
        "new_series",
        "Nouvelle série hebdomadaire",
        "New weekly series",
    ),
    ("edit_series", "Modifier la série", "Edit the series"),
    ("series_when", "Chaque semaine", "Every week"),
    ("weekday", "Jour", "Day"),
    ("monday", "lundi", "Monday"),
    ("tuesday", "mardi", "Tuesday"),
    ("wednesday", "mercredi", "Wednesday"),
    ("thursday", "jeudi", "Thursday"),
    ("friday", "vendredi", "Friday"),
    ("saturday", "samedi", "Saturday"),
    ("sunday", "dimanche", "Sunday"),
    ("start_time", "Heure de début", "Start time"),
    ("end_time", "Heure de fin", "End time"),
    ("series_from", "À partir du", "From"),
    ("series_until", "Jusqu'au (inclus)", "Until (included)"),
    ("series_max", "200 dates au plus.", "200 dates at most."),
    (
        "series_except",
        "Dates sans séance (vacances…)",
        "Dates left out (holidays…)",
    ),
    (
        "series_except_help",
        "Une date par ligne (2026-12-22 ou 22/12/2026), ou une période : 2026-12-19..2027-01-04.",
        "One date per line (2026-12-22 or 22/12/2026), or a period: 2026-12-19..2027-01-04.",
    ),
    (
        "series_new_note",
        "Chaque date devient un événement à part, avec ses propres places et inscriptions.",
        "Each date becomes an event of its own, with its own places and registrations.",
    ),
    (
        "series_edit_note",
        "Les changements s'appliquent à toutes les dates à venir ; chaque date garde ses inscriptions. Pour changer une seule date, modifiez-la dans la liste ci-dessous.",
        "Changes apply to every date still to come; each date keeps its registrations. To change one date only, edit it in the list below.",
    ),
    ("create_series", "Créer la série", "Create the series"),
    (
        "save_coming_occurrences",
        "Enregistrer pour toutes les dates à venir",
        "Save for every date to come",
    ),
    (
        "series_saved",
        "Enregistré. Dates concernées :",
        "Saved. Dates concerned:",
    ),
    ("occurrences", "Dates", "Dates"),
    (
        "capacity_invalid",
        "Indiquez un nombre de places entre 1 et 100 000, ou laissez vide pour ne pas limiter.",
        "Give a number of places between 1 and 100,000, or leave it empty for no limit.",
    ),
    (
        "capacity_below_confirmed",
        "Il y a déjà plus de personnes inscrites que ce nombre : annulez d'abord des inscriptions.",
        "More people are already registered than this: cancel registrations first.",
    ),
    (
        "ends_before_start",
        "La fin doit venir après le début.",
        "The end must come after the start.",
    ),
    (
        "time_nonexistent",
        "Cette heure n'existe pas ce jour-là (passage à l'heure d'été).",
        "This time does not exist on that day (the clocks go forward).",
    ),
    (
        "timezone_invalid",
        "Fuseau horaire inconnu : écrivez-le comme Europe/Paris.",
        "Unknown time zone: write it like Europe/Paris.",
    ),
    (
        "coordinates_invalid",
        "Coordonnée invalide : latitude entre -90 et 90, longitude entre -180 et 180, en degrés décimaux.",
        "Invalid coordinate: latitude between -90 and 90, longitude between -180 and 180, in decimal degrees.",
    ),
    (
        "datetime_invalid",
        "Date et heure illisibles : utilisez le sélecteur, ou écrivez 2026-12-05T20:30.",
        "Unreadable date and time: use the picker, or write 2026-12-05T20:30.",
    ),
    (
        "time_invalid",
        "Heure illisible : écrivez 19:00.",
        "Unreadable time: write 19:00.",
    ),
    (
        "date_invalid",
        "Date illisible : écrivez 2026-12-05 ou 05/12/2026.",
        "Unreadable date: write 2026-12-05 or 05/12/2026.",
    ),
    (
        "dates_invalid",
        "Une ligne n'est pas une date ni une période (2026-12-19..2027-01-04), ou la période dépasse un an.",
        "A line is neither a date nor a period (2026-12-19..2027-01-04), or the period is longer than a year.",
    ),
    (
        "weekday_invalid",
        "Choisissez un jour de la semaine.",
        "Choose a day of the week.",
    ),
    (
        "series_too_long",
        "Plus de 200 dates : raccourcissez la période.",
        "More than 200 dates: make the period shorter.",
    ),
    (
        "series_empty",
        "Aucune date ne tombe ce jour-là dans la période choisie.",
        "No date falls on that day in the chosen period.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_word_is_defined_twice() {
        let mut seen = std::collections::HashSet::new();
        for (key, _, _) in all_words() {
            assert!(seen.insert(*key), "the word `{key}` is defined twice");
        }
    }

    #[test]
    fn accept_language_picks_the_best_known_language() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,fr;q=0.5,en;q=0.4"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn every_key_has_both_languages_and_keys_are_unique() {
        let mut keys: Vec<&str> = WORDS.iter().map(|(k, _, _)| *k).collect();
        for (k, fr, en) in WORDS {
            assert!(!fr.is_empty() && !en.is_empty(), "{k}");
        }
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "a key is written twice");
        assert_eq!(Lang::En.t("login"), "Log in");
        assert_eq!(Lang::Fr.t("login"), "Se connecter");
    }
}
