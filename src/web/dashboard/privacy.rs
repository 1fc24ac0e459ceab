//! What the GDPR asks, in the dashboard: a person's data in one file, erasure, the consent log, the retention review.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
