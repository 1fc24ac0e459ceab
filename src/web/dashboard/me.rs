//! A member's own page: their record, their memberships and history, and what they may correct.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
