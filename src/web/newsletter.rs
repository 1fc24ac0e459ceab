//! The public newsletter pages: `/newsletter` (subscribe form and archive), the embeddable form, subscribe, confirm and unsubscribe links.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
