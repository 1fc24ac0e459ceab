//! Events, series and registrations through the API, with the dashboard's role checks
//! (organizer or admin).

use crate::i18n::Lang;
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::events_shapes::{Event, EventInput, HoldSettings, SeriesEdit, SeriesRule};
use super::registrations_shapes::Registration;
use super::{ApiUser, JsonBody};
use crate::accounts::Capability;
use crate::error::{Error, Message};
use crate::events::{
    self as domain, agenda, holds, registrations,
    series::{self, Series},
};
use crate::web::dashboard::events as dash;
use crate::web::error_body::ErrorBody;
use crate::{App, app};

/// An event, with its public address and the places left.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EventView {
    #[serde(flatten)]
    pub event: Event,
    /// The public page, which is also the ActivityPub id.
    pub url: String,
    /// The event as iCalendar.
    pub ics_url: String,
    /// Places left; none when there is no limit.
    pub places_left: Option<i32>,
    /// Whether web registrations are held until confirmed from the mail, and for how long.
    #[serde(flatten)]
    pub holds: HoldSettings,
}

/// Reads a JSON body into `T`, with a 400 that says what is wrong.
fn read<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|e| Error::BadRequest(Message::new("error_body_unreadable").with("detail", e)))
}

fn view(app: &App, event: &domain::Event, holds: holds::HoldSettings) -> EventView {
    let url = app.settings.url(&crate::urls::event(&event.slug));
    EventView {
        ics_url: format!("{url}.ics"),
        url,
        places_left: event.places_left(),
        event: event.into(),
        holds: holds.into(),
    }
}

/// The views of these events, with their hold settings read in one query.
async fn views(app: &App, events: Vec<domain::Event>) -> Result<Vec<EventView>, Error> {
    let settings = app.db.read(holds::all_settings).await?;
    events
        .into_iter()
        .map(|e| {
            let h = *settings.get(&e.id).ok_or(Error::NotFound)?;
            Ok(view(app, &e, h))
        })
        .collect()
}

async fn view_one(app: &App, event: domain::Event) -> Result<EventView, Error> {
    let id = event.id;
    let h = app.db.read(move |c| holds::settings(c, id)).await?;
    Ok(view(app, &event, h))
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    responses((status = 200, body = [EventView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<EventView>>, Error> {
    user.require(Capability::ManageEvents)?;
    let all = app.db.read(agenda::all).await?;
    Ok(Json(views(&app, all).await?))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = EventView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EventView>, Error> {
    user.require(Capability::ManageEvents)?;
    let event = app.db.read(move |c| agenda::find(c, id)).await?;
    Ok(Json(view_one(&app, event).await?))
}

/// Creates an event. Times are local to `timezone` (the association's when empty), written
/// `2026-12-05T20:30` or `2026-12-05T20:30:00`.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventInput,
    responses((status = 201, body = EventView), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Response, Error> {
    user.require(Capability::ManageEvents)?;
    let input: EventInput = read(input)?;
    let event = app::events::create_event(&app, input.into()).await?;
    Ok((StatusCode::CREATED, Json(view_one(&app, event).await?)).into_response())
}

/// Saves an edit. A new capacity confirms people waiting when raised; it cannot go below the
/// number confirmed. Setting `status` to `cancelled` tells everyone registered.
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)), request_body = EventInput,
    responses((status = 200, body = EventView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Json<EventView>, Error> {
    user.require(Capability::ManageEvents)?;
    let input: EventInput = read(input)?;
    let event = app::events::update_event(&app, id, input.into()).await?;
    Ok(Json(view_one(&app, event).await?))
}

/// Cancels the event and tells everyone registered, each on their channel.
#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = EventView), (status = 404, body = ErrorBody)))]
pub async fn cancel(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EventView>, Error> {
    user.require(Capability::ManageEvents)?;
    let event = app::events::cancel_event(&app, id).await?;
    Ok(Json(view_one(&app, event).await?))
}

/// Deletes an event made by mistake; one with people registered must be cancelled first (409).
#[utoipa::path(delete, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::ManageEvents)?;
    app::events::delete_event(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CapacityInput {
    /// Places; none for no limit.
    pub capacity: Option<i32>,
}

/// Changes the capacity: raising it confirms people from the waiting list, in order.
#[utoipa::path(put, path = "/api/v1/events/{id}/capacity", tag = "events", params(("id" = i64, Path)), request_body = CapacityInput,
    responses((status = 200, body = EventView), (status = 422, body = ErrorBody)))]
pub async fn set_capacity(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<CapacityInput>,
) -> Result<Json<EventView>, Error> {
    user.require(Capability::ManageEvents)?;
    let event = app::events::set_capacity(&app, id, input.capacity).await?;
    Ok(Json(view_one(&app, event).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct MessageInput {
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MessageSent {
    /// How many people it was sent to.
    pub sent: usize,
}

/// Sends a message to everyone registered (confirmed, waiting or pending), each on their
/// channel: a mail, or a direct message on the fediverse.
#[utoipa::path(post, path = "/api/v1/events/{id}/message", tag = "events", params(("id" = i64, Path)), request_body = MessageInput,
    responses((status = 200, body = MessageSent), (status = 422, body = ErrorBody)))]
pub async fn message(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<MessageInput>,
) -> Result<Json<MessageSent>, Error> {
    user.require(Capability::ManageEvents)?;
    let sent = app::registrations::message_all(&app, id, input.message).await?;
    Ok(Json(MessageSent { sent }))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/registrations", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, body = [Registration]), (status = 404, body = ErrorBody)))]
pub async fn registrations_of(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Registration>>, Error> {
    user.require(Capability::ManageEvents)?;
    let list = app
        .db
        .read(move |c| {
            agenda::find(c, id)?;
            registrations::list(c, id)
        })
        .await?;
    Ok(Json(list.iter().map(Registration::from).collect()))
}

/// The registrations as CSV (UTF-8 with a byte order mark, `;` between fields, CRLF), with a
/// header row in the language of `Accept-Language`.
#[utoipa::path(get, path = "/api/v1/events/{id}/registrations.csv", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
pub async fn registrations_csv(
    State(app): State<App>,
    user: ApiUser,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, Error> {
    user.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .read(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let body = dash::registrations_csv(lang, &event, &list)?;
    Ok(dash::csv_response(&event, body))
}

/// Confirms a registration waiting for approval (or puts it on the waiting list when the event
/// is full). 409 if it is not waiting for approval.
#[utoipa::path(post, path = "/api/v1/registrations/{id}/confirm", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, body = Registration), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Registration>, Error> {
    user.require(Capability::ManageEvents)?;
    Ok(Json((&app::registrations::approve(&app, id).await?).into()))
}

/// Refuses a registration; a seat freed this way goes to the first person waiting.
#[utoipa::path(post, path = "/api/v1/registrations/{id}/refuse", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, body = Registration), (status = 404, body = ErrorBody)))]
pub async fn refuse(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Registration>, Error> {
    user.require(Capability::ManageEvents)?;
    Ok(Json((&app::registrations::refuse(&app, id).await?).into()))
}

/// Cancels a registration; a seat freed this way goes to the first person waiting.
#[utoipa::path(post, path = "/api/v1/registrations/{id}/cancel", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, body = Registration), (status = 404, body = ErrorBody)))]
pub async fn cancel_registration(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Registration>, Error> {
    user.require(Capability::ManageEvents)?;
    Ok(Json((&app::registrations::cancel(&app, id).await?).into()))
}

/// Marks that the person came.
#[utoipa::path(put, path = "/api/v1/registrations/{id}/checkin", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, body = Registration), (status = 404, body = ErrorBody)))]
pub async fn check_in(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Registration>, Error> {
    user.require(Capability::ManageEvents)?;
    Ok(Json(
        (&app::registrations::check_in(&app, id, true).await?).into(),
    ))
}

/// Takes the mark back.
#[utoipa::path(delete, path = "/api/v1/registrations/{id}/checkin", tag = "registrations", params(("id" = i64, Path)),
    responses((status = 200, body = Registration), (status = 404, body = ErrorBody)))]
pub async fn undo_check_in(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Registration>, Error> {
    user.require(Capability::ManageEvents)?;
    Ok(Json(
        (&app::registrations::check_in(&app, id, false).await?).into(),
    ))
}

/// A weekly series to make: the rule, and the event every occurrence copies (its own times and
/// registration window are not used).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SeriesInput {
    pub rule: SeriesRule,
    pub event: EventInput,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SeriesView {
    pub id: i64,
    pub title: String,
    pub rule: SeriesRule,
    pub events: Vec<EventView>,
}

/// Makes a weekly series: one event per date, each with its own capacity and registrations,
/// all or none. At most 200 occurrences.
#[utoipa::path(post, path = "/api/v1/series", tag = "series", request_body = SeriesInput,
    responses((status = 201, body = SeriesView), (status = 422, body = ErrorBody)))]
pub async fn create_series(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Response, Error> {
    user.require(Capability::ManageEvents)?;
    let input: SeriesInput = read(input)?;
    let rule: series::SeriesRule = input.rule.into();
    let (id, events) = app::events::create_series(&app, input.event.into(), rule.clone()).await?;
    let title = events.first().map(|e| e.title.clone()).unwrap_or_default();
    Ok((
        StatusCode::CREATED,
        Json(SeriesView {
            id,
            title,
            rule: (&rule).into(),
            events: views(&app, events).await?,
        }),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/series/{id}", tag = "series", params(("id" = i64, Path)),
    responses((status = 200, body = SeriesView), (status = 404, body = ErrorBody)))]
pub async fn show_series(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<SeriesView>, Error> {
    user.require(Capability::ManageEvents)?;
    let (s, events): (Series, Vec<domain::Event>) = app
        .db
        .read(move |c| Ok::<_, Error>((series::find(c, id)?, series::occurrences(c, id)?)))
        .await?;
    Ok(Json(SeriesView {
        id: s.id,
        rule: (&s.rule()?).into(),
        title: s.title,
        events: views(&app, events).await?,
    }))
}

/// Applies an edit to every occurrence still to come (each keeps its date, status and
/// registrations); with `start_time`/`end_time` they move to those local times. Returns the
/// occurrences changed.
#[utoipa::path(put, path = "/api/v1/series/{id}", tag = "series", params(("id" = i64, Path)), request_body = SeriesEdit,
    responses((status = 200, body = [EventView]), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_series(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(edit): JsonBody<serde_json::Value>,
) -> Result<Json<Vec<EventView>>, Error> {
    user.require(Capability::ManageEvents)?;
    let edit: SeriesEdit = read(edit)?;
    let events = app::events::update_series(&app, id, edit.into()).await?;
    Ok(Json(views(&app, events).await?))
}

/// The addresses of this part of the API.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route("/api/v1/events", get(list).post(create))
        .route("/api/v1/events/{id}", get(show).put(update).delete(delete))
        .route("/api/v1/events/{id}/cancel", post(cancel))
        .route("/api/v1/events/{id}/capacity", put(set_capacity))
        .route("/api/v1/events/{id}/message", post(message))
        .route("/api/v1/events/{id}/registrations", get(registrations_of))
        .route(
            "/api/v1/events/{id}/registrations.csv",
            get(registrations_csv),
        )
        .route("/api/v1/series", post(create_series))
        .route("/api/v1/series/{id}", get(show_series).put(update_series))
        .route("/api/v1/registrations/{id}/confirm", post(confirm))
        .route("/api/v1/registrations/{id}/refuse", post(refuse))
        .route(
            "/api/v1/registrations/{id}/cancel",
            post(cancel_registration),
        )
        .route(
            "/api/v1/registrations/{id}/checkin",
            put(check_in).delete(undo_check_in),
        )
}
