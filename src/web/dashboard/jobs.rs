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
            kind: kind_words(lang, &job.kind),
            status: status_words(lang, job.status),
            failed: job.status == JobStatus::Failed,
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            last_error: job.last_error,
        }
    }
}

fn status_words(lang: Lang, status: JobStatus) -> String {
    lang.t(&format!("job_status_{}", status.as_str()))
        .to_string()
}

/// The words for a job's kind (`job_kind_mail`). Kinds are not a closed set of this version:
/// a row left by an older or newer one (a kind since renamed) shows as it is stored.
fn kind_words(lang: Lang, kind: &str) -> String {
    lang.t_or(&format!("job_kind_{kind}"), kind).to_string()
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
        .map(|(status, n)| (status_words(lang, status), n))
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
