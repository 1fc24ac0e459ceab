//! `/api/v1/campaigns`: write, test, send, schedule, counts.

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
