//! How federation errors become answers other servers understand. A request we cannot verify
//! gets 401 (so that a sender trying RFC 9421 first falls back to draft-cavage signatures);
//! malformed input gets 400; a deleted actor 202 and nothing done.

use activitypub_federation::error::Error as ApError;
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum FedError {
    #[error(transparent)]
    Federation(#[from] ApError),
    #[error(transparent)]
    App(#[from] crate::error::Error),
    #[error("{0}")]
    Refused(String),
}

impl From<crate::db::DbError> for FedError {
    fn from(e: crate::db::DbError) -> Self {
        FedError::App(e.into())
    }
}

impl From<diesel::result::Error> for FedError {
    fn from(e: diesel::result::Error) -> Self {
        FedError::App(e.into())
    }
}

impl From<url::ParseError> for FedError {
    fn from(e: url::ParseError) -> Self {
        FedError::Refused(format!("invalid URL: {e}"))
    }
}

impl FedError {
    pub fn status(&self) -> StatusCode {
        match self {
            FedError::Federation(e) => match e {
                ApError::ActivityBodyDigestInvalid | ApError::ActivitySignatureInvalid => {
                    StatusCode::UNAUTHORIZED
                }
                ApError::ObjectDeleted(_) => StatusCode::ACCEPTED,
                ApError::UrlVerificationError(
                    "this domain is blocked" | "this actor is blocked",
                ) => StatusCode::FORBIDDEN,
                ApError::NotFound => StatusCode::NOT_FOUND,
                ApError::Other(_) => StatusCode::BAD_REQUEST,
                _ => StatusCode::BAD_REQUEST,
            },
            FedError::App(e) => e.status(),
            FedError::Refused(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl IntoResponse for FedError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!("federation: {self}");
        } else {
            tracing::debug!("federation: refused with {status}: {self}");
        }
        let reason = match &self {
            FedError::Federation(ApError::ActivityBodyDigestInvalid) => {
                "missing or wrong Digest header: sign with draft-cavage HTTP signatures and a SHA-256 Digest".to_string()
            }
            FedError::Federation(ApError::ActivitySignatureInvalid) => "the HTTP signature does not verify".to_string(),
            FedError::App(e) if status.is_server_error() => {
                let _ = e;
                "internal error".to_string()
            }
            other => other.to_string(),
        };
        refusal(status, &reason)
    }
}

/// The body of every refusal of the federation face: `{"error": "..."}`, for the operator of
/// the other server.
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    pub error: &'a str,
}

/// A refusal with its status and its reason, as JSON.
pub fn refusal(status: StatusCode, reason: &str) -> Response {
    (status, Json(ErrorBody { error: reason })).into_response()
}
