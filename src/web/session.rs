//! Who is asking: the session cookie, read into `SignedIn` (or a redirect to the login page),
//! and the capability check every dashboard handler makes.

use axum::{
    extract::{FromRef, FromRequestParts, OptionalFromRequestParts},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{
    CookieJar,
    cookie::{Cookie, SameSite},
};

use super::pages::PageError;
use crate::App;
use crate::accounts::{Capability, User, sessions};
use crate::error::Error;

pub const SESSION_COOKIE: &str = "cheminement_session";

/// A signed-in member, with the CSRF token of their session.
pub struct SignedIn {
    pub user: User,
    pub csrf: String,
}

impl SignedIn {
    /// Refuses with 403 unless the member's role has this capability.
    pub fn require(&self, capability: Capability) -> Result<(), PageError> {
        if self.user.role().can(capability) {
            Ok(())
        } else {
            Err(PageError(Error::Forbidden))
        }
    }
}

async fn lookup(parts: &Parts, app: &App) -> Result<Option<SignedIn>, Error> {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    let session = app.db.read(move |c| sessions::find(c, &token)).await?;
    Ok(session.map(|s| SignedIn {
        user: s.user,
        csrf: s.csrf_token,
    }))
}

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = App::from_ref(state);
        match lookup(parts, &app).await {
            Ok(Some(signed_in)) => Ok(signed_in),
            Ok(None) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/dashboard");
                let target = format!("/login?next={}", urlencode(next));
                Err(Redirect::to(&target).into_response())
            }
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

impl<S> OptionalFromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        let app = App::from_ref(state);
        lookup(parts, &app)
            .await
            .map_err(|e| PageError(e).into_response())
    }
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https.
pub fn session_cookie(app: &App, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure_cookies(app))
        .max_age(time::Duration::days(30))
        .build()
}

/// Whether cookies get `Secure`: when the site is served over https, every cookie does.
pub fn secure_cookies(app: &App) -> bool {
    app.settings.base_url.scheme() == "https"
}

pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The path to go back to after login, if it is a path of this site.
pub fn safe_next(next: Option<&str>) -> String {
    local_path(next).unwrap_or("/dashboard").to_string()
}

/// `next` if it is a local path: not `//host` nor `/\host` (which browsers read as another
/// site), and visible ASCII only, since browsers drop tabs and newlines (`/\t/host` becomes
/// `//host`) and a header cannot hold them.
pub fn local_path(next: Option<&str>) -> Option<&str> {
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains('\\')
            && n.bytes().all(|b| b.is_ascii_graphic())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(
            safe_next(Some("/dashboard/posts?x=1")),
            "/dashboard/posts?x=1"
        );
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "/a\r\nSet-Cookie: x",
            "",
        ] {
            assert_eq!(safe_next(Some(evil)), "/dashboard", "{evil:?}");
        }
        assert_eq!(safe_next(None), "/dashboard");
    }
}
