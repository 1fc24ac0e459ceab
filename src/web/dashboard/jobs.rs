//! The job queue as an admin sees it: counts, recent jobs, failures and their reason, retry.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::Error;
use crate::jobs::{self, Job, JobStatus};
use crate::web::{
    csrf::CheckedForm,
    pages::{Layout, PageError, render},
    session::SignedIn,
};

#[derive(Template)]
#[template(path = "dashboard/jobs.html")]
struct ListPage {
    l: Layout,
    counts: Vec<(String, i64)>,
    jobs: Vec<Row>,
}

/// A job as the page shows it: its kind and status in words.
struct Row {
    id: i64,
    kind: String,
    status: String,
    failed: bool,
    attempts: i32,
    max_attempts: i32,
    last_error: Option<String>,
}

impl Row {
    fn of(lang: Lang, job: Job) -> Row {
        Row {
            id: job.id,
            kind: words_of(lang, "job_kind_", &job.kind),
            status: words_of(lang, "job_status_", job.status.as_str()),
            failed: job.status == JobStatus::Failed,
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            last_error: job.last_error,
        }
    }
}

/// The words for a kind or a status (`job_kind_mail`, `job_status_failed`); a kind this
/// version does not know (a row left by another version) shows as it is stored.
fn words_of(lang: Lang, prefix: &str, value: &str) -> String {
    lang.t_or(&format!("{prefix}{value}"), value).to_string()
}

#[derive(Deserialize)]
pub struct StatusQuery {
    status: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<StatusQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    // An unknown status in the address shows every job, as no filter would.
    let status = q.status.as_deref().and_then(JobStatus::parse);
    let (counts, jobs) = app
        .db
        .read(move |c| Ok::<_, Error>((jobs::counts(c)?, jobs::recent(c, status, 200)?)))
        .await?;
    let l = dash_layout(&app, lang, "/dashboard/jobs", &me).await?;
    let counts = counts
        .into_iter()
        .map(|(status, n)| (words_of(lang, "job_status_", status.as_str()), n))
        .collect();
    let jobs = jobs.into_iter().map(|j| Row::of(lang, j)).collect();
    Ok(render(&ListPage { l, counts, jobs }))
}

pub async fn retry(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    crate::app::jobs::retry(&app, id).await?;
    Ok(Redirect::to("/dashboard/jobs?status=failed").into_response())
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/jobs", get(list))
        .route("/dashboard/jobs/{id}/retry", post(retry))
}
