//! The web face: the router that puts the public site, the dashboard, the API and the
//! federation endpoints together, with the layers every request goes through.

pub mod api;
pub mod chat_command;
pub mod client_addr;
pub mod csrf;
pub mod dashboard;
pub mod error_body;
pub mod events;
pub mod form_limit;
pub mod headers;
pub mod holds;
pub mod lang;
pub mod newsletter;
pub mod newsletter_archive;
pub mod pages;
pub mod public;
pub mod session;
pub mod spreadsheet;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderValue, header},
    middleware,
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::App;

/// Uploads are the largest bodies: an image of 5 MiB and the form around it.
const BODY_LIMIT: usize = 6 * 1024 * 1024;

/// Every route of the web face, before the layers: `server::router` puts the federation's
/// routes and the content negotiation beside them, then `finish` wraps the whole.
pub fn routes() -> Router<App> {
    Router::new()
        .merge(public::routes())
        .merge(events::routes())
        .merge(holds::routes())
        .merge(newsletter::routes())
        .merge(newsletter_archive::routes())
        .merge(chat_command::routes())
        .merge(dashboard::router())
        .merge(api::router())
}

/// The layers every request goes through, around every route (the web's and the
/// federation's), and the fallback page.
pub fn finish(routes: Router<App>, app: App) -> Router {
    routes
        // Runs after routing (it picks its routes by pattern), before the handlers.
        .route_layer(middleware::from_fn_with_state(
            app.clone(),
            form_limit::limit,
        ))
        .fallback(|| async { pages::PageError(crate::error::Error::NotFound) })
        .layer(middleware::from_fn_with_state(
            app.clone(),
            csrf::ensure_cookie,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(middleware::from_fn(headers::set_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .with_state(app)
}
