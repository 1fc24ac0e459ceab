//! The body of an HTTP error answer in JSON, filled for every `Error`; the API describes it in
//! its OpenAPI document.

use axum::{
    Json,
    response::{IntoResponse, Response},
};

use crate::error::{Error, FieldError};
use crate::i18n::Lang;

/// The JSON shape of an error, for the API and for federation: `{"error": "...", "fields": [...]}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub fields: Vec<FieldError>,
}

/// Every `Error` a handler returns becomes this JSON answer with the kind's status; a server
/// error says only that (the details go to the log).
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!("{self}");
        }
        let fields = match &self {
            Error::Invalid(fields) => fields.clone(),
            _ => Vec::new(),
        };
        let message = if status.is_server_error() {
            Lang::En.t("error_server_api").to_string()
        } else {
            self.to_string()
        };
        (
            status,
            Json(ErrorBody {
                error: message,
                fields,
            }),
        )
            .into_response()
    }
}
