//! The hourly limit of the public forms per client address: registering for an event and
//! subscribing to the newsletter need no account, so without it one address could fill an
//! event's seats or send confirmation mails by the thousand. `CHEMINEMENT_PUBLIC_FORM_LIMIT`
//! posts per address in any hour (0: no limit); past it, a 429 page in the visitor's language.
//! The counts are in the database (`form_hits`), so several processes share them.
//!
//! A route layer over the whole router, choosing its routes by their pattern, so that the
//! handlers know nothing of it.

use crate::i18n::Lang;
use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use chrono::Duration;
use diesel::prelude::*;

use super::{client_addr::ClientAddr, pages::PageError};
use crate::App;
use crate::db::{DbConn, now, schema::form_hits};
use crate::error::Result;

/// The routes whose POSTs are counted, as the router writes them.
pub const LIMITED: &[&str] = &["/events/{slug}/register", "/newsletter/subscribe"];

pub const WINDOW: Duration = Duration::hours(1);

/// Counts a post from `client` if it is within `limit`; otherwise returns the seconds until the
/// oldest counted post leaves the window.
pub fn hit(conn: &mut DbConn, client: &str, limit: i64) -> Result<Option<i64>> {
    let at = now();
    let since = at - WINDOW;
    // Pruning here keeps the table at about an hour of posts.
    diesel::delete(form_hits::table.filter(form_hits::hit_at.le(since))).execute(conn)?;
    let (count, oldest): (i64, Option<chrono::NaiveDateTime>) = form_hits::table
        .filter(form_hits::client_addr.eq(client))
        .filter(form_hits::hit_at.gt(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(form_hits::hit_at),
        ))
        .first(conn)?;
    if count >= limit {
        let wait = oldest.map_or(WINDOW, |o| o + WINDOW - at);
        return Ok(Some(wait.num_seconds().max(1)));
    }
    diesel::insert_into(form_hits::table)
        .values((form_hits::client_addr.eq(client), form_hits::hit_at.eq(at)))
        .execute(conn)?;
    Ok(None)
}

#[derive(askama::Template)]
#[template(path = "public/limit.html")]
struct LimitPage {
    lang: Lang,
}

pub async fn limit(
    State(app): State<App>,
    lang: Lang,
    client: ClientAddr,
    request: Request,
    next: Next,
) -> Response {
    let limited = request.method() == Method::POST
        && request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|p| LIMITED.contains(&p.as_str()));
    let max = i64::from(app.settings.public_form_limit);
    if !limited || max == 0 {
        return next.run(request).await;
    }
    let key = client.key();
    match app.db.run(move |c| hit(c, &key, max)).await {
        Ok(None) => next.run(request).await,
        Ok(Some(wait)) => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                super::pages::render(&LimitPage { lang }),
            )
                .into_response();
            let headers = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                headers.insert(header::RETRY_AFTER, v);
            }
            // The embedded newsletter form shows this answer in its frame.
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                super::headers::frameable_policy(),
            );
            headers.insert(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("ALLOWALL"),
            );
            response
        }
        Err(e) => PageError(e).into_response(),
    }
}
