//! `/api/v1/contacts/{id}/export` and erasure, imports through the API, the retention review.
//! The same role as the dashboard: ManageMembers.

use crate::i18n::Lang;
use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::ApiUser;
use super::contacts_shapes::Summary;
use crate::accounts::Capability;
use crate::error::Error;
use crate::members::{
    contacts, gdpr,
    import::{self, Existing, Options, Outcome},
};
use crate::web::dashboard::imports;
use crate::web::error_body::ErrorBody;
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/contacts/{id}/export", get(export_person))
        .route("/api/v1/contacts/{id}/anonymize", post(anonymize))
        .route(
            "/api/v1/contacts/import",
            post(import_csv).layer(DefaultBodyLimit::max(import::MAX_BYTES)),
        )
        .route("/api/v1/privacy/retention", get(retention))
}

/// Everything held on one person: details, custom fields, tags, consents, history,
/// memberships, subscriptions, event registrations and newsletters sent. Noted in their
/// history.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/export", tag = "privacy", params(("id" = i64, Path)),
    responses((status = 200, description = "The person's data", body = Object), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn export_person(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    let data = app::privacy::export_person(&app, id, by).await?;
    Ok(Json(data).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Anonymized {
    pub id: i64,
    pub anonymized_at: Option<NaiveDateTime>,
}

/// Erases a person: the record stays, anonymous, with its memberships (amounts and dates the
/// books must keep); everything that names or reaches them goes. Doing it twice is harmless.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/anonymize", tag = "privacy", params(("id" = i64, Path)),
    responses((status = 200, body = Anonymized), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn anonymize(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Anonymized>, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    let contact = app::privacy::anonymize(&app, id, by).await?;
    Ok(Json(Anonymized {
        id,
        anonymized_at: contact.anonymized_at,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// `update`: complete existing records (same address) where they are empty; `leave`
    /// (default): leave them as they are.
    #[serde(default)]
    existing: String,
    /// The name recorded in the history and the consent log.
    #[serde(default)]
    filename: String,
}

/// One mistake of an import.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportLineError {
    /// The line as a spreadsheet shows it: the header is line 1.
    pub line: usize,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportRefused {
    pub error: String,
    pub lines: Vec<ImportLineError>,
}

/// Imports contacts from a CSV body (`text/csv`; UTF-8, Windows-1252 or UTF-16 with a BOM;
/// `;`, `,` or tab). The header names are field keys: `first_name`, `last_name`, `email`,
/// `phone`, `address`, `postal_code`, `city`, `country`, `birth_date` (DD/MM/YYYY or
/// YYYY-MM-DD), `notes`, `lang`, `tags` (comma-separated), `newsletter` (yes/no/oui/non/1/0/x)
/// and custom fields by their key. All or nothing: one bad line and nothing is imported (422,
/// every mistake with its line).
#[utoipa::path(post, path = "/api/v1/contacts/import", tag = "privacy", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = Summary), (status = 422, body = ImportRefused), (status = 415, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn import_csv(
    State(app): State<App>,
    user: ApiUser,
    headers: HeaderMap,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("text/csv") && !content_type.starts_with("text/plain") {
        return Ok(super::unsupported_media_type("error_body_not_csv"));
    }
    let opts = Options {
        existing: if params.existing == "update" {
            Existing::UpdateEmpty
        } else {
            Existing::Leave
        },
        filename: match params.filename.trim() {
            "" => "api.csv".to_string(),
            name => name.chars().filter(|c| !c.is_control()).take(200).collect(),
        },
        by: Some(user.0.id),
        by_name: if user.0.display_name.trim().is_empty() {
            user.0.email.clone()
        } else {
            user.0.display_name.clone()
        },
        source: contacts::Source::Api,
    };
    let outcome = app::imports::import_keyed(&app, body.to_vec(), opts).await;
    match outcome {
        Ok(Outcome::Done(summary)) => Ok(Json(Summary::from(&summary)).into_response()),
        Ok(Outcome::Refused(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(ImportRefused {
                error: Lang::En.t("error_import_refused_api").to_string(),
                lines: errors
                    .iter()
                    .map(|e| ImportLineError {
                        line: e.line,
                        message: imports::line_message(Lang::En, e),
                    })
                    .collect(),
            }),
        )
            .into_response()),
        // A file that cannot be read: a clear word, as on the dashboard.
        Err(Error::Invalid(fields)) if fields.iter().any(|f| f.field == "file") => {
            let code = fields[0].code;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ImportRefused {
                    error: Lang::En.t(code).to_string(),
                    lines: vec![],
                }),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RetentionPerson {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub last_activity_at: NaiveDateTime,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Retention {
    /// The retention period: people without a sign of life for longer are listed.
    pub months: u32,
    /// Not anonymized, no current membership, oldest activity first.
    pub people: Vec<RetentionPerson>,
}

/// The people to review: inactive longer than the retention period, with no current
/// membership.
#[utoipa::path(get, path = "/api/v1/privacy/retention", tag = "privacy",
    responses((status = 200, body = Retention), (status = 403, body = ErrorBody)))]
pub async fn retention(State(app): State<App>, user: ApiUser) -> Result<Json<Retention>, Error> {
    user.require(Capability::ManageMembers)?;
    let today = app.today();
    let (months, people) = app
        .db
        .read(move |c| gdpr::retention_review(c, today))
        .await?;
    Ok(Json(Retention {
        months,
        people: people
            .into_iter()
            .map(|c| RetentionPerson {
                id: c.id,
                first_name: c.first_name,
                last_name: c.last_name,
                email: c.email,
                last_activity_at: c.last_activity_at,
            })
            .collect(),
    }))
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(export_person, anonymize, import_csv, retention),
    components(schemas(
        Anonymized,
        ImportLineError,
        ImportRefused,
        Summary,
        RetentionPerson,
        Retention
    ))
)]
pub struct Doc;
