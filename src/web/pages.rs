//! What every HTML page shares: the layout's data (site name, language, menu, who is signed in,
//! the CSRF token) and the error page.

use askama::Template;
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use crate::App;
use crate::error::{Error, FieldError};
use crate::i18n::Lang;

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
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lang.t(key)
    }

    /// A message with one variable, for templates.
    pub fn t_with(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.t_with(key, name, value)
    }

    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// The other language's name in its own words, for the switch.
    pub fn other_lang_name(&self) -> &'static str {
        self.other_lang().t("language_name")
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
    let menu = app.db.read(crate::site::pages::menu).await?;
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

impl ErrorPage {
    fn home(&self, lang: &str) -> &'static str {
        Lang::from_code(lang).t("home")
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if status.is_server_error() {
            tracing::error!("{}", self.0);
        }
        let page = ErrorPage {
            status: status.as_u16(),
            fr: words(&self.0, status, Lang::Fr),
            en: words(&self.0, status, Lang::En),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
        }
    }
}

/// What the error page says, in one language. A server error tells nothing of its cause (the
/// log has it).
fn words(e: &Error, status: StatusCode, lang: Lang) -> String {
    match e {
        _ if status.is_server_error() => lang.t("error_server_page").to_string(),
        Error::NotFound => lang.t("not_found").to_string(),
        Error::Forbidden => lang.t("forbidden").to_string(),
        Error::Unauthorized => lang.t("error_unauthorized").to_string(),
        Error::TooManyRequests => lang.t("too_many_attempts").to_string(),
        Error::BadRequest(m) | Error::Conflict(m) | Error::PayloadTooLarge(m) => m.words(lang),
        Error::Invalid(fields) => {
            let mistakes: Vec<&str> = fields.iter().map(|f| lang.t(f.code)).collect();
            format!("{} {}", lang.t("error_invalid"), mistakes.join(" "))
        }
        // Database errors other than a missing row are server errors, answered above.
        Error::Db(_) | Error::Internal(_) => lang.t("not_found").to_string(),
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
    crate::i18n::dates::numeric_datetime(lang, &t.and_utc().with_timezone(&tz))
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
