//! A campaign once sending has started: what it said, its counts, its recipients page by page
//! with their statuses, and the button that sends again to those whose mail may not have left
//! (a decision left to people, never taken by the server).

use super::*;
use crate::app;
use crate::db::TextEnum;
use crate::newsletter::campaigns::CampaignStatus;
use crate::newsletter::sending;
use crate::newsletter::sending::{RecipientStatus, SkipReason};
use crate::web::csrf::CheckedForm;

const PER_PAGE: i64 = 50;

pub struct RecipientRow {
    pub email: String,
    pub status: &'static str,
    pub status_class: String,
    pub at: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "dashboard/campaign_report.html")]
struct ReportPage {
    l: Layout,
    c: Campaign,
    status: &'static str,
    counts: Counts,
    lists: Vec<String>,
    started: String,
    finished: String,
    archive_url: Option<String>,
    rows: Vec<RecipientRow>,
    /// The status shown, or "" for all; and the filter links (status, word, count).
    filter: &'static str,
    filters: Vec<(&'static str, &'static str, i64)>,
    page: i64,
    pages: i64,
    sending: bool,
    done: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    pub page: Option<i64>,
    pub status: Option<String>,
    pub done: Option<String>,
}

pub(crate) fn recipient_status_key(status: RecipientStatus) -> &'static str {
    match status {
        RecipientStatus::Pending | RecipientStatus::Sending => "campaign_r_pending",
        RecipientStatus::Sent => "campaign_r_sent",
        RecipientStatus::Failed => "campaign_r_failed",
        RecipientStatus::Bounced => "campaign_r_bounced",
        RecipientStatus::Unknown => "campaign_r_unknown",
        RecipientStatus::Skipped => "campaign_r_skipped",
    }
}

/// The detail column: why a mail was skipped, in the reader's words; otherwise what the mail
/// server answered, as it said it.
fn detail(lang: Lang, status: RecipientStatus, error: Option<String>) -> String {
    let error = error.unwrap_or_default();
    let reason = (status == RecipientStatus::Skipped)
        .then(|| SkipReason::parse(&error))
        .flatten();
    let key = match reason {
        Some(SkipReason::Unsubscribed) => "campaign_skip_unsubscribed",
        Some(SkipReason::Unreachable) => "campaign_skip_unreachable",
        Some(SkipReason::NoUnsubscribeLink) => "campaign_skip_no_link",
        Some(SkipReason::Stopped) => "campaign_skip_stopped",
        None => return error,
    };
    lang.t(key).to_string()
}

pub async fn show(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    // A word that names no status (or "sending", shown with pending) lists them all.
    let status = q
        .status
        .as_deref()
        .and_then(RecipientStatus::parse)
        .filter(|s| *s != RecipientStatus::Sending);
    let filter = status.map(|s| s.as_str()).unwrap_or_default();
    let page = q.page.unwrap_or(1).max(1);
    let (c, lists, counts, (recipients, total)) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                campaigns::find(c, id)?,
                campaigns::lists_of(c, id)?,
                campaigns::counts(c, id)?,
                sending::recipients(c, id, status, (page - 1) * PER_PAGE, PER_PAGE)?,
            ))
        })
        .await?;
    if !c.has_started() {
        return Ok(Redirect::to(&format!("/dashboard/campaigns/{id}")).into_response());
    }
    let tz = app.settings.timezone;
    let rows = recipients
        .into_iter()
        .map(|r| RecipientRow {
            status: recipient_status_key(r.status),
            status_class: format!("st st-{}", r.status.as_str()),
            at: r.sent_at.map(|t| when(lang, tz, &t)).unwrap_or_default(),
            error: detail(lang, r.status, r.error),
            email: r.email,
        })
        .collect();
    let filters = [
        (RecipientStatus::Pending, counts.pending),
        (RecipientStatus::Sent, counts.sent),
        (RecipientStatus::Failed, counts.failed),
        (RecipientStatus::Bounced, counts.bounced),
        (RecipientStatus::Unknown, counts.unknown),
        (RecipientStatus::Skipped, counts.skipped),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(s, n)| (s.as_str(), recipient_status_key(s), n))
    .collect();
    let site = sending::Site::new(&app.settings);
    let l = dash_layout(
        &app,
        lang,
        &format!("/dashboard/campaigns/{id}/report"),
        &me,
    )
    .await?;
    Ok(render(&ReportPage {
        l,
        status: status_key(c.status),
        started: c.started_at.map(|t| when(lang, tz, &t)).unwrap_or_default(),
        finished: c
            .finished_at
            .map(|t| when(lang, tz, &t))
            .unwrap_or_default(),
        archive_url: (c.status == CampaignStatus::Sent)
            .then(|| sending::web_url(&site, &c))
            .flatten(),
        sending: c.status == CampaignStatus::Sending,
        lists: lists.into_iter().map(|l| l.name).collect(),
        counts,
        rows,
        filter,
        filters,
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        done: match q.done.as_deref() {
            Some("resent") => Some("campaign_done_resent"),
            _ => None,
        },
        c,
    }))
}

pub async fn resend_unknown(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    app::campaigns::resend_unknown(&app, id).await?;
    Ok(Redirect::to(&format!("/dashboard/campaigns/{id}/report?done=resent")).into_response())
}
