//! A campaign once sending has started: what it said, its counts, its recipients page by page
//! with their statuses, and the button that sends again to those whose mail may not have left
//! (a decision left to people, never taken by the server).

use super::*;
use crate::app;
use crate::newsletter::sending;
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
    filter: String,
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

pub(crate) fn recipient_status_key(status: &str) -> &'static str {
    match status {
        sending::PENDING | sending::SENDING => "campaign_r_pending",
        sending::SENT => "campaign_r_sent",
        sending::FAILED => "campaign_r_failed",
        sending::BOUNCED => "campaign_r_bounced",
        sending::UNKNOWN => "campaign_r_unknown",
        _ => "campaign_r_skipped",
    }
}

const STATUSES: [&str; 6] = [
    sending::PENDING,
    sending::SENT,
    sending::FAILED,
    sending::BOUNCED,
    sending::UNKNOWN,
    sending::SKIPPED,
];

pub async fn show(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let filter = q
        .status
        .filter(|s| STATUSES.contains(&s.as_str()))
        .unwrap_or_default();
    let page = q.page.unwrap_or(1).max(1);
    let status = Some(filter.clone()).filter(|s| !s.is_empty());
    let (c, lists, counts, (recipients, total)) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                campaigns::find(c, id)?,
                campaigns::lists_of(c, id)?,
                campaigns::counts(c, id)?,
                sending::recipients(c, id, status.as_deref(), (page - 1) * PER_PAGE, PER_PAGE)?,
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
            status: recipient_status_key(&r.status),
            status_class: format!("st st-{}", r.status),
            at: r.sent_at.map(|t| when(lang, tz, &t)).unwrap_or_default(),
            error: r.error.unwrap_or_default(),
            email: r.email,
        })
        .collect();
    let filters = vec![
        (sending::PENDING, "campaign_r_pending", counts.pending),
        (sending::SENT, "campaign_r_sent", counts.sent),
        (sending::FAILED, "campaign_r_failed", counts.failed),
        (sending::BOUNCED, "campaign_r_bounced", counts.bounced),
        (sending::UNKNOWN, "campaign_r_unknown", counts.unknown),
        (sending::SKIPPED, "campaign_r_skipped", counts.skipped),
    ]
    .into_iter()
    .filter(|(_, _, n)| *n > 0)
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
        status: status_key(&c.status),
        started: c.started_at.map(|t| when(lang, tz, &t)).unwrap_or_default(),
        finished: c
            .finished_at
            .map(|t| when(lang, tz, &t))
            .unwrap_or_default(),
        archive_url: (c.status == campaigns::SENT)
            .then(|| sending::web_url(&site, &c))
            .flatten(),
        sending: c.status == campaigns::SENDING,
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
