//! What every HTML page shares: the layout's data (site name, language, menu, who is signed in,
//! the CSRF token) and the error page.

use askama::Template;
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use super::i18n::Lang;
use crate::App;
use crate::error::{Error, FieldError};

/// Data the layout templates need on every page.
pub struct Layout {
    pub site_name: String,
    pub lang: Lang,
    pub handle: String,
    pub menu: Vec<(String, String)>,
    /// The signed-in member's name, for the dashboard's header.
    pub user_name: Option<String>,
    pub csrf: String,
    /// The path of this page, for the language switch to come back to.
    pub path: String,
    pub is_admin: bool,
}

impl Layout {
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    pub fn other_lang_name(&self) -> &'static str {
        match self.lang {
            Lang::Fr => "English",
            Lang::En => "Français",
        }
    }

    /// Whether the menu link to `path` is this page (for `aria-current`).
    pub fn is_current(&self, path: &str) -> bool {
        self.path == path
    }

    pub fn next_param(&self) -> String {
        super::session::urlencode(&self.path)
    }
}

impl Layout {
    /// The layout of a public page, with the menu its handler read in its own query.
    pub fn public(app: &App, lang: Lang, path: &str, menu: Vec<(String, String)>) -> Layout {
        Layout {
            site_name: app.settings.name.clone(),
            lang,
            handle: format!("@{}@{}", app.settings.handle, app.settings.domain()),
            menu,
            user_name: None,
            csrf: String::new(),
            path: path.to_string(),
            is_admin: false,
        }
    }
}

/// Builds the layout for a page with a form; reads the menu from the database.
pub async fn layout(app: &App, lang: Lang, path: &str, csrf: String) -> Result<Layout, Error> {
    let menu = app.db.run(crate::site::pages::menu).await?;
    Ok(Layout {
        csrf,
        ..Layout::public(app, lang, path, menu)
    })
}

/// Field errors of a form, by field, in the reader's language.
#[derive(Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn from_error(e: Error) -> Result<FormErrors, Error> {
        match e {
            Error::Invalid(fields) => Ok(FormErrors(fields)),
            other => Err(other),
        }
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// The message for one field, or "" when it is fine.
    pub fn get(&self, field: &str, lang: &Lang) -> &'static str {
        self.0
            .iter()
            .find(|f| f.field == field)
            .map(|f| lang.t(f.code))
            .unwrap_or("")
    }
}

/// An error on an HTML page: a short page in both languages, with the right status.
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(e)
    }
}

impl From<crate::db::DbError> for PageError {
    fn from(e: crate::db::DbError) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    fr: String,
    en: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if status.is_server_error() {
            tracing::error!("{}", self.0);
        }
        let (fr, en) = match &self.0 {
            Error::NotFound => (
                Lang::Fr.t("not_found").to_string(),
                Lang::En.t("not_found").to_string(),
            ),
            Error::Forbidden => (
                Lang::Fr.t("forbidden").to_string(),
                Lang::En.t("forbidden").to_string(),
            ),
            Error::TooManyRequests => (
                Lang::Fr.t("too_many_attempts").to_string(),
                Lang::En.t("too_many_attempts").to_string(),
            ),
            Error::BadRequest(m) if m == "csrf" => (
                Lang::Fr.t("csrf_failed").to_string(),
                Lang::En.t("csrf_failed").to_string(),
            ),
            e if status.is_server_error() => {
                let _ = e;
                (
                    "Une erreur s'est produite sur le serveur. Réessayez dans un moment ; si elle revient, prévenez la personne qui s'occupe du serveur.".to_string(),
                    "Something went wrong on the server. Try again in a moment; if it happens again, tell whoever runs the server.".to_string(),
                )
            }
            e => (e.to_string(), e.to_string()),
        };
        let page = ErrorPage {
            status: status.as_u16(),
            fr,
            en,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
        }
    }
}

/// Renders a template into a response, or a 500 page if rendering fails.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError(Error::internal(e)).into_response(),
    }
}

/// Formats a stored UTC time for people, in the association's time zone:
/// `24/11/2026 19:05` or `2026-11-24 19:05`.
pub fn when(lang: Lang, tz: chrono_tz::Tz, t: &chrono::NaiveDateTime) -> String {
    let local = t.and_utc().with_timezone(&tz);
    match lang {
        Lang::Fr => local.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_the_association_time_zone() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap();
        assert_eq!(
            super::when(super::Lang::Fr, chrono_tz::Europe::Paris, &t),
            "24/11/2026 19:05"
        );
        let summer = chrono::NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap();
        assert_eq!(
            super::when(super::Lang::En, chrono_tz::Europe::Paris, &summer),
            "2026-07-01 20:05"
        );
    }
}
