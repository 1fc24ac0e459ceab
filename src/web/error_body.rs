//! The body of an HTTP error answer in JSON. `crate::error` fills it for every `Error`; the
//! API describes it in its OpenAPI document.

use crate::error::FieldError;

/// The JSON shape of an error, for the API and for federation: `{"error": "...", "fields": [...]}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub fields: Vec<FieldError>,
}
