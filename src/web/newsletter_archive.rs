//! One sent newsletter on the website: `/newsletter/{slug}`.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
