//! `/api/v1/members`, `/api/v1/memberships`, `/api/v1/membership-categories`.

use axum::Router;
use utoipa::OpenApi;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi()]
pub struct Doc;
