//! Newsletter lists and their subscribers in the dashboard.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
