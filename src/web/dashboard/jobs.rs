//! The job queue as an admin sees it: counts, recent jobs, failures and their reason, retry.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::jobs::{self, Job};
use crate::web::{
    csrf::CheckedForm,
    i18n::Lang,
    pages::{Layout, PageError, render},
    session::SignedIn,
};

#[derive(Template)]
#[template(path = "dashboard/jobs.html")]
struct ListPage {
    l: Layout,
    counts: Vec<(String, i64)>,
    jobs: Vec<Job>,
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
    let status = q
        .status
        .filter(|s| [jobs::PENDING, jobs::RUNNING, jobs::DONE, jobs::FAILED].contains(&s.as_str()));
    let (counts, jobs) = app
        .db
        .run(move |c| Ok::<_, Error>((jobs::counts(c)?, jobs::recent(c, status.as_deref(), 200)?)))
        .await?;
    let l = dash_layout(&app, lang, "/dashboard/jobs", &me).await?;
    Ok(render(&ListPage { l, counts, jobs }))
}

pub async fn retry(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    app.db.run(move |c| jobs::retry(c, id)).await?;
    app.jobs.wake();
    Ok(Redirect::to("/dashboard/jobs?status=failed").into_response())
}
