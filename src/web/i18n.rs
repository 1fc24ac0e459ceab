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
        let index =
            INDEX.get_or_init(|| WORDS.iter().map(|(k, fr, en)| (*k, (*fr, *en))).collect());
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
];

#[cfg(test)]
mod tests {
    use super::*;

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
