//! Newsletter campaigns in the dashboard: the editor with preview and the events block, test send, sending now or later, the counts.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
