//! CSRF protection for every form. A signed-in member's forms carry their session's token; the
//! few forms used before login (login, password reset, setup) carry a token that a cookie set by
//! `ensure_cookie` also holds (double submit). `CheckedForm` refuses a POST whose token does
//! not match, before the handler runs.

use axum::{
    body::Bytes,
    extract::{FromRef, FromRequest, OptionalFromRequestParts, Request},
    http::{HeaderValue, header::SET_COOKIE},
    middleware::Next,
    response::{IntoResponse, Response},
};
use axum_extra::extract::{
    CookieJar,
    cookie::{Cookie, SameSite},
};
use serde::de::DeserializeOwned;

use super::{pages::PageError, session::SignedIn};
use crate::App;
use crate::error::Error;

pub const COOKIE: &str = "cheminement_csrf";
/// Forms are small; uploads go through their own multipart route.
const FORM_LIMIT: usize = 512 * 1024;

/// The anonymous token of this request, put there by `ensure_cookie`.
#[derive(Clone)]
pub struct AnonToken(pub String);

/// Gives each browser a CSRF cookie the first time it comes, and makes its value available to
/// the handlers of this very request.
pub async fn ensure_cookie(mut request: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let (token, is_new) = match jar.get(COOKIE) {
        Some(c) if c.value().len() >= 20 => (c.value().to_string(), false),
        _ => (crate::accounts::tokens::random_token(24), true),
    };
    request.extensions_mut().insert(AnonToken(token.clone()));
    let mut response = next.run(request).await;
    if is_new {
        let cookie = Cookie::build((COOKIE, token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// A form body whose `csrf` field matched; `T` is the rest of it.
pub struct CheckedForm<T>(pub T);

impl<T, S> FromRequest<S> for CheckedForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let signed_in =
            <SignedIn as OptionalFromRequestParts<S>>::from_request_parts(&mut parts, state)
                .await?;
        let expected = match signed_in {
            Some(s) => s.csrf,
            None => parts
                .extensions
                .get::<AnonToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
        };
        let bytes: Bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
            PageError(Error::PayloadTooLarge("the form is too large".into())).into_response()
        })?;
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let given = fields
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if expected.is_empty() || !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(PageError(Error::BadRequest("csrf".into())).into_response());
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            PageError(Error::BadRequest(format!(
                "the form could not be read: {e}"
            )))
            .into_response()
        })?;
        Ok(CheckedForm(form))
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
