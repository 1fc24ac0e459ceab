//! The request's language: the `lang` cookie (set by the switch in the page footer), else the
//! browser's Accept-Language, else the site's default. The language itself and its words are
//! in `crate::i18n`.

use axum::{extract::FromRequestParts, http::request::Parts};
use axum_extra::extract::CookieJar;

use crate::i18n::Lang;

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
        Ok(Lang::from_code(&app.settings.default_lang))
    }
}
