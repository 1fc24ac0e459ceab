//! CSRF protection for every form. A signed-in member's forms carry their session's token; the
//! few forms used before login (login, password reset, setup) carry a token that a cookie set by
//! `ensure_cookie` also holds (double submit). `CheckedForm` refuses a POST whose token does
//! not match, before the handler runs.

use axum::{
    body::Bytes,
    extract::{FromRef, FromRequest, FromRequestParts, OptionalFromRequestParts, Request},
    http::request::Parts,
    http::{HeaderValue, header::SET_COOKIE},
    middleware::Next,
    response::{IntoResponse, Response},
};
use axum_extra::extract::{
    CookieJar,
    cookie::{Cookie, SameSite},
};
use serde::de::DeserializeOwned;
use std::sync::{Arc, OnceLock};

use super::{pages::PageError, session::SignedIn};
use crate::App;
use crate::error::{Error, Message};

pub const COOKIE: &str = "cheminement_csrf";
/// Forms are small; uploads go through their own multipart route.
const FORM_LIMIT: usize = 512 * 1024;

/// The anonymous token of this request: the browser's cookie if it has one, otherwise one made
/// the first time a handler asks for it (a page with a form), and then set as a cookie on the
/// response. Pages without a form make no token and set no cookie.
#[derive(Clone)]
pub struct AnonToken {
    existing: Option<String>,
    minted: Arc<OnceLock<String>>,
}

impl AnonToken {
    pub fn value(&self) -> String {
        match &self.existing {
            Some(token) => token.clone(),
            None => self
                .minted
                .get_or_init(|| crate::accounts::tokens::random_token(24))
                .clone(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AnonToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<AnonToken>()
            .cloned()
            .unwrap_or_else(|| AnonToken {
                existing: None,
                minted: Arc::default(),
            }))
    }
}

/// Reads the browser's CSRF cookie, and sets one on the response when a handler made a token.
pub async fn ensure_cookie(
    axum::extract::State(app): axum::extract::State<App>,
    mut request: Request,
    next: Next,
) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let existing = jar
        .get(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() >= 20);
    let token = AnonToken {
        existing,
        minted: Arc::default(),
    };
    request.extensions_mut().insert(token.clone());
    let mut response = next.run(request).await;
    if let (None, Some(minted)) = (&token.existing, token.minted.get()) {
        let cookie = Cookie::build((COOKIE, minted.clone()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(super::session::secure_cookies(&app))
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
            // A POST without the cookie has nothing to match: `expected` stays empty and fails.
            None => parts
                .extensions
                .get::<AnonToken>()
                .and_then(|t| t.existing.clone())
                .unwrap_or_default(),
        };
        let bytes: Bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
            PageError(Error::PayloadTooLarge(Message::new("error_form_too_large"))).into_response()
        })?;
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let given = fields
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if expected.is_empty() || !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(PageError(Error::bad_request("csrf_failed")).into_response());
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            PageError(Error::BadRequest(
                Message::new("error_form_unreadable").with("detail", e),
            ))
            .into_response()
        })?;
        Ok(CheckedForm(form))
    }
}

pub use crate::accounts::tokens::constant_time_eq;
