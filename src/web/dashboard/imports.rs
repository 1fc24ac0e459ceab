//! Importing contacts from a CSV file (preview, column mapping, an error per line, all or nothing) and exporting contacts and members.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
