//! The job queue through the API (admins).

use axum::{
    Json,
    extract::{Query, State},
};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::ApiUser;
use crate::App;
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::{Error, Message};
use crate::jobs::{self, JobStatus};
use crate::web::error_body::ErrorBody;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    #[schema(value_type = String)]
    pub status: &'static str,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

impl From<&jobs::Job> for Job {
    fn from(j: &jobs::Job) -> Self {
        Job {
            id: j.id,
            kind: j.kind.clone(),
            payload: j.payload.clone(),
            status: j.status.as_str(),
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: j.run_at,
            locked_until: j.locked_until,
            last_error: j.last_error.clone(),
            created_at: j.created_at,
            finished_at: j.finished_at,
        }
    }
}

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
    let recent = app.db.read(move |c| jobs::recent(c, status, 200)).await?;
    Ok(Json(recent.iter().map(Job::from).collect()))
}

/// The addresses of this part of the API.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::get;
    axum::Router::new().route("/api/v1/jobs", get(list))
}
