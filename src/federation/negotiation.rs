//! Content negotiation: an event, a news post and a newsletter issue each have one address,
//! a page for people and the object's id for the fediverse. The web face serves the page; this
//! layer, put on the web routes by `server::router`, answers the object instead when an
//! ActivityPub client asks for it (`Accept: application/activity+json` or `ld+json`), so no
//! handler holds an `if` on the Accept header.

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};

use super::inbox::wants_activity_json;
use super::objects::{article, event as event_object, newsletter};
use super::routes::{activity_json, not_found};
use crate::App;
use crate::events::agenda;
use crate::newsletter::archive;
use crate::site::posts;

/// The route layer: an ActivityPub client asking for the address of an event, a news post or a
/// newsletter issue gets the object; any other page stays a page whatever the client asks.
/// `/events/{slug}.ics` (the same route) stays the calendar file, as it always was.
pub async fn negotiate(
    State(app): State<App>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let wanted = wants_activity_json(request.headers()) && !path.ends_with(".ics");
    // The patterns have one parameter, the slug, last.
    let slug = path.rsplit('/').next().unwrap_or_default().to_string();
    match matched.as_ref().map(MatchedPath::as_str) {
        Some("/events/{slug}") if wanted => event(app, slug).await,
        Some("/news/{slug}") if wanted => news_post(app, slug).await,
        Some("/newsletter/{slug}") if wanted => newsletter_issue(app, slug).await,
        _ => next.run(request).await,
    }
}

async fn event(app: App, slug: String) -> Response {
    match app.db.read(move |c| agenda::find_published(c, &slug)).await {
        Ok(event) => activity_json(event_object::document(&app, &event)),
        Err(_) => not_found(),
    }
}

async fn news_post(app: App, slug: String) -> Response {
    match app.db.read(move |c| posts::find_published(c, &slug)).await {
        Ok(post) => activity_json(article::document(&app, &post)),
        Err(_) => not_found(),
    }
}

async fn newsletter_issue(app: App, slug: String) -> Response {
    match app.db.read(move |c| archive::find_public(c, &slug)).await {
        Ok(issue) => activity_json(newsletter::document(&app, &(&issue).into())),
        Err(_) => not_found(),
    }
}
