//! The error type shared by the domain and the faces, and the HTTP status of each kind (the
//! answer's body is made in `web::error_body`).
//!
//! The domain says *what* went wrong (`Invalid` with the field and a message key, `NotFound`,
//! `Conflict` with a [`Message`]...); the web face turns message keys into words in the
//! reader's language. The log and the API's JSON carry the English words.

use axum::http::StatusCode;

use crate::db::DbError;
use crate::i18n::Lang;

/// One mistake in one field of a form or a JSON body. `code` is a message key (see
/// `crate::i18n`), so the same mistake reads well in French and in English.
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
    BadRequest(Message),
    #[error("authentication required")]
    Unauthorized,
    #[error("not allowed for your role")]
    Forbidden,
    #[error("{0}")]
    Conflict(Message),
    #[error("too many attempts, wait a few minutes")]
    TooManyRequests,
    #[error("{0}")]
    PayloadTooLarge(Message),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What to tell a person about an error: a message of the catalogues and its variables, worded
/// when the reader's language is known. Its `Display` is the English words, for the log and
/// the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message { key, args: vec![] }
    }

    /// The message with one more variable: `Message::new("error_x").with("n", 3)`.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn words(&self, lang: Lang) -> String {
        let args: Vec<(&str, crate::i18n::Value)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, value.as_str().into()))
            .collect();
        lang.t_args(self.key, &args)
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl Error {
    /// A change that the record's state refuses, with the message that says why.
    pub fn conflict(key: &'static str) -> Error {
        Error::Conflict(Message::new(key))
    }

    /// A request that cannot be read, with the message that says why.
    pub fn bad_request(key: &'static str) -> Error {
        Error::BadRequest(Message::new(key))
    }

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
