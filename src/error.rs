//! The error type shared by the domain and the faces, and how each kind becomes an HTTP answer.
//!
//! The domain says *what* went wrong (`Invalid` with the field and a message key, `NotFound`,
//! `Conflict`...); the web face turns message keys into words in the reader's language.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};

use crate::db::DbError;

/// One mistake in one field of a form or a JSON body. `code` is a message key (see
/// `web::i18n`), so the same mistake reads well in French and in English.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized,
    #[error("not allowed for your role")]
    Forbidden,
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts, wait a few minutes")]
    TooManyRequests,
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: &'static str, code: &'static str) -> Error {
        Error::Invalid(vec![FieldError { field, code }])
    }

    pub fn internal(e: impl std::fmt::Display) -> Error {
        Error::Internal(e.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden => StatusCode::FORBIDDEN,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Error::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Db(DbError::Query(diesel::result::Error::NotFound)) => StatusCode::NOT_FOUND,
            Error::Db(DbError::Pool(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Db(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Error::NotFound,
            other => Error::Db(DbError::Query(other)),
        }
    }
}

/// The JSON shape of an error, for the API and for federation: `{"error": "...", "fields": [...]}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub fields: Vec<FieldError>,
}

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
            "something went wrong on the server; the operator will find the details in the log"
                .to_string()
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
