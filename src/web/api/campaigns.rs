//! `/api/v1/campaigns`: write, test, send, schedule, counts.
//!
//! The same rules and role as the dashboard (`SendNewsletter`: admins and editors): a campaign
//! is changed while it is a draft; sending goes through the same durable batches.

use crate::app;
use crate::db::TextEnum;
use crate::newsletter::sending::RecipientStatus;
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::campaigns_shapes::{Campaign, CampaignCounts, CampaignInput, Recipient};
use super::{ApiUser, JsonBody};
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::newsletter::{
    campaigns::{self, CampaignStatus},
    sending,
};
use crate::web::error_body::ErrorBody;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/campaigns", get(list).post(create))
        .route(
            "/api/v1/campaigns/{id}",
            get(show).put(update).delete(delete),
        )
        .route("/api/v1/campaigns/{id}/test", post(test))
        .route("/api/v1/campaigns/{id}/send", post(send))
        .route(
            "/api/v1/campaigns/{id}/schedule",
            post(schedule).delete(unschedule),
        )
        .route("/api/v1/campaigns/{id}/recipients", get(recipients))
        .route(
            "/api/v1/campaigns/{id}/resend-unknown",
            post(resend_unknown),
        )
        .route("/api/v1/campaigns/{id}/stop", post(stop))
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        list, create, show, update, delete, test, send, schedule, unschedule, recipients
    ),
    components(schemas(
        Campaign,
        CampaignInput,
        CampaignCounts,
        CampaignView,
        TestInput,
        TestQueued,
        SendStarted,
        ScheduleInput,
        Recipient,
        RecipientPage
    ))
)]
pub struct Doc;

/// A campaign with its lists, its counts and, once sent and archived, its public address.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CampaignView {
    #[serde(flatten)]
    pub campaign: Campaign,
    /// The ids of the lists it goes to.
    pub lists: Vec<i64>,
    pub counts: CampaignCounts,
    /// `/newsletter/{slug}` on the website, once sent, when kept in the public archive.
    pub url: Option<String>,
}

async fn view_of(app: &App, id: i64) -> Result<CampaignView, Error> {
    let (campaign, lists, counts) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                campaigns::find(c, id)?,
                campaigns::lists_of(c, id)?,
                campaigns::counts(c, id)?,
            ))
        })
        .await?;
    Ok(view(
        app,
        campaign,
        lists.iter().map(|l| l.id).collect(),
        counts,
    ))
}

fn view(
    app: &App,
    campaign: campaigns::Campaign,
    lists: Vec<i64>,
    counts: campaigns::Counts,
) -> CampaignView {
    let url = (campaign.status == CampaignStatus::Sent)
        .then(|| sending::web_url(&sending::Site::new(&app.settings), &campaign))
        .flatten();
    CampaignView {
        campaign: (&campaign).into(),
        lists,
        counts: (&counts).into(),
        url,
    }
}

#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns",
    responses((status = 200, body = [CampaignView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<CampaignView>>, Error> {
    user.require(Capability::SendNewsletter)?;
    let rows = app
        .db
        .read(|c| {
            let all = campaigns::all(c)?;
            let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
            let mut counts = campaigns::counts_of(c, &ids)?;
            let mut out = Vec::new();
            for campaign in all {
                let lists = campaigns::lists_of(c, campaign.id)?
                    .into_iter()
                    .map(|l| l.id)
                    .collect();
                let n = counts.remove(&campaign.id).unwrap_or_default();
                out.push((campaign, lists, n));
            }
            Ok::<_, Error>(out)
        })
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(c, lists, n)| view(&app, c, lists, n))
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, Error> {
    user.require(Capability::SendNewsletter)?;
    Ok(Json(view_of(&app, id).await?))
}

/// Writes a draft. `public_archive` left out: on when one of the lists is public.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignInput,
    responses((status = 201, body = CampaignView), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<CampaignInput>,
) -> Result<Response, Error> {
    user.require(Capability::SendNewsletter)?;
    let campaign = app::campaigns::save(&app, None, input.into(), user.0.id).await?;
    Ok((StatusCode::CREATED, Json(view_of(&app, campaign.id).await?)).into_response())
}

/// Saves an edit of a draft; a scheduled or sent campaign answers 409.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = i64, Path)), request_body = CampaignInput,
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<CampaignInput>,
) -> Result<Json<CampaignView>, Error> {
    user.require(Capability::SendNewsletter)?;
    app::campaigns::save(&app, Some(id), input.into(), user.0.id).await?;
    Ok(Json(view_of(&app, id).await?))
}

/// Deletes a draft; a campaign scheduled or sent answers 409.
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::SendNewsletter)?;
    app::campaigns::delete(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TestInput {
    /// The address the test goes to.
    pub to: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TestQueued {
    pub to: String,
}

/// Sends the campaign as it is saved to one address, "[Test]" before the subject. Nothing is
/// counted and no recipient is written.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/test", tag = "campaigns", params(("id" = i64, Path)), request_body = TestInput,
    responses((status = 202, body = TestQueued), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn test(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<TestInput>,
) -> Result<Response, Error> {
    user.require(Capability::SendNewsletter)?;
    let lang = app.settings.default_lang.clone();
    let to = app::campaigns::send_test(&app, id, input.to, lang).await?;
    Ok((StatusCode::ACCEPTED, Json(TestQueued { to })).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SendStarted {
    /// How many addresses it goes to, each once.
    pub recipients: usize,
}

/// Starts sending now, through the durable batches. A campaign already started answers 409.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/send", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 202, body = SendStarted), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn send(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, Error> {
    user.require(Capability::SendNewsletter)?;
    let recipients = app::campaigns::send_now(&app, id).await?;
    Ok((StatusCode::ACCEPTED, Json(SendStarted { recipients })).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ScheduleInput {
    /// When to send, RFC 3339 with its offset: `2026-12-01T09:00:00+01:00`.
    pub at: String,
}

/// Schedules a draft (or moves its schedule) to go out at `at`, in the future.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/schedule", tag = "campaigns", params(("id" = i64, Path)), request_body = ScheduleInput,
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn schedule(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ScheduleInput>,
) -> Result<Json<CampaignView>, Error> {
    user.require(Capability::SendNewsletter)?;
    let at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(input.at.trim())
        .map_err(|_| Error::invalid("at", "campaign_time_invalid"))?;
    let at = at.naive_utc();
    app::campaigns::schedule(&app, id, at).await?;
    Ok(Json(view_of(&app, id).await?))
}

/// Cancels a schedule: the campaign is a draft again.
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/schedule", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unschedule(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, Error> {
    user.require(Capability::SendNewsletter)?;
    app::campaigns::unschedule(&app, id).await?;
    Ok(Json(view_of(&app, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RecipientQuery {
    /// Only this status: pending, sending, sent, failed, bounced, unknown, skipped.
    pub status: Option<String>,
    #[serde(default)]
    pub offset: i64,
    /// At most 1000; 100 when left out.
    pub limit: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RecipientPage {
    pub total: i64,
    pub recipients: Vec<Recipient>,
}

/// The campaign's recipients in the order they are sent, with their statuses.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/recipients", tag = "campaigns", params(("id" = i64, Path), RecipientQuery),
    responses((status = 200, body = RecipientPage), (status = 404, body = ErrorBody)))]
pub async fn recipients(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<RecipientQuery>,
) -> Result<Json<RecipientPage>, Error> {
    user.require(Capability::SendNewsletter)?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(word) => Some(
            RecipientStatus::parse(word)
                .ok_or(Error::invalid("status", "recipient_status_invalid"))?,
        ),
    };
    let (recipients, total) = app
        .db
        .read(move |c| {
            campaigns::find(c, id)?;
            sending::recipients(c, id, status, q.offset, q.limit.unwrap_or(100))
        })
        .await?;
    Ok(Json(RecipientPage {
        total,
        recipients: recipients.iter().map(Recipient::from).collect(),
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Resent {
    /// How many recipients are queued again.
    pub queued: usize,
}

/// Sends again to the recipients whose mail may not have left when the server stopped
/// (`unknown`). Some of them may then get it twice: this is for a person to decide.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/resend-unknown", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 202, body = Resent), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn resend_unknown(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, Error> {
    user.require(Capability::SendNewsletter)?;
    let queued = app::campaigns::resend_unknown(&app, id).await?;
    Ok((StatusCode::ACCEPTED, Json(Resent { queued })).into_response())
}

/// Stops a campaign being sent: those who have not received it yet will not.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/stop", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn stop(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, Error> {
    user.require(Capability::SendNewsletter)?;
    app::campaigns::stop(&app, id).await?;
    Ok(Json(view_of(&app, id).await?))
}
