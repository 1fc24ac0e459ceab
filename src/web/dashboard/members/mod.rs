//! Members in the dashboard: who is a member, who must renew, who has lapsed; memberships, categories, the period and reminder settings.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
