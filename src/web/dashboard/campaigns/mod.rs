//! Newsletter campaigns in the dashboard: the editor with preview and the events block, test send, sending now or later, the counts.
//!
//! Every handler asks for `SendNewsletter` (admins and editors). A campaign is edited while it
//! is a draft; once sending has started its page is the report: counts, recipients and their
//! statuses, and the button that sends again to those whose mail may not have left.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::newsletter::campaigns::{self, Campaign, CampaignStatus, Counts};
use crate::web::{
    pages::{Layout, PageError, render, when},
    session::SignedIn,
};

mod editor;
mod report;
mod send;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/campaigns", get(list))
        .route(
            "/dashboard/campaigns/new",
            get(editor::new_form).post(editor::create),
        )
        .route(
            "/dashboard/campaigns/{id}",
            get(editor::edit_form).post(editor::update),
        )
        .route("/dashboard/campaigns/{id}/delete", post(editor::delete))
        .route("/dashboard/campaigns/{id}/test", post(send::test))
        .route(
            "/dashboard/campaigns/{id}/send",
            get(send::confirm).post(send::send_now),
        )
        .route("/dashboard/campaigns/{id}/schedule", post(send::schedule))
        .route(
            "/dashboard/campaigns/{id}/unschedule",
            post(send::unschedule),
        )
        .route("/dashboard/campaigns/{id}/stop", post(send::stop))
        .route("/dashboard/campaigns/{id}/report", get(report::show))
        .route(
            "/dashboard/campaigns/{id}/resend-unknown",
            post(report::resend_unknown),
        )
}

/// The word for a campaign's status.
pub(crate) fn status_key(status: CampaignStatus) -> &'static str {
    match status {
        CampaignStatus::Draft => "campaign_status_draft",
        CampaignStatus::Scheduled => "campaign_status_scheduled",
        CampaignStatus::Sending => "campaign_status_sending",
        CampaignStatus::Sent => "campaign_status_sent",
        CampaignStatus::Cancelled => "campaign_status_cancelled",
    }
}

/// The date that matters for a campaign: when it was sent, starts, or was written.
fn date_of(lang: Lang, tz: chrono_tz::Tz, c: &Campaign) -> String {
    let t = c
        .finished_at
        .or(c.started_at)
        .or(c.scheduled_at)
        .unwrap_or(c.updated_at);
    when(lang, tz, &t)
}

pub struct CampaignRow {
    pub id: i64,
    pub subject: String,
    pub status: &'static str,
    pub date: String,
    pub counts: Counts,
    /// Where the title links: the editor for a draft, the report once started.
    pub href: String,
    pub started: bool,
}

#[derive(Template)]
#[template(path = "dashboard/campaigns.html")]
struct ListPage {
    l: Layout,
    rows: Vec<CampaignRow>,
}

async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let (all, counts) = app
        .db
        .read(|c| {
            let all = campaigns::all(c)?;
            let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
            let counts = campaigns::counts_of(c, &ids)?;
            Ok::<_, Error>((all, counts))
        })
        .await?;
    let tz = app.settings.timezone;
    let rows = all
        .iter()
        .map(|c| CampaignRow {
            id: c.id,
            subject: c.subject.clone(),
            status: status_key(c.status),
            date: date_of(lang, tz, c),
            counts: counts.get(&c.id).copied().unwrap_or_default(),
            href: if c.has_started() {
                format!("/dashboard/campaigns/{}/report", c.id)
            } else {
                format!("/dashboard/campaigns/{}", c.id)
            },
            started: c.has_started(),
        })
        .collect();
    let l = dash_layout(&app, lang, "/dashboard/campaigns", &me).await?;
    Ok(render(&ListPage { l, rows }))
}

#[derive(Deserialize)]
pub struct Empty {}

/// Back to a campaign's page with a word to say what happened.
fn back_to(id: i64, done: &str) -> Response {
    Redirect::to(&format!("/dashboard/campaigns/{id}?done={done}")).into_response()
}
