//! The job queue through the API (admins).

use axum::{
    Json,
    extract::{Query, State},
};
use serde::Deserialize;

use super::ApiUser;
use crate::App;
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::{Error, ErrorBody, Message};
use crate::jobs::{self, Job, JobStatus};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct JobQuery {
    /// pending, running, done or failed.
    status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(JobQuery),
    responses((status = 200, body = [Job]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<JobQuery>,
) -> Result<Json<Vec<Job>>, Error> {
    user.require(Capability::Administer)?;
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(JobStatus::parse(s).ok_or_else(|| {
            Error::BadRequest(Message::new("error_job_status_unknown").with("status", s))
        })?),
    };
    Ok(Json(
        app.db.read(move |c| jobs::recent(c, status, 200)).await?,
    ))
}

/// The addresses of this part of the API.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::get;
    axum::Router::new().route("/api/v1/jobs", get(list))
}
