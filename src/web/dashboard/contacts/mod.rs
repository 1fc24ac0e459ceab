//! Contacts in the dashboard: the list with search and filters, a contact's page, custom fields, tags and groups, duplicates and merging.

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}
