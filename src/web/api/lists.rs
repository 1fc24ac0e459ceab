//! `/api/v1/lists` and their subscribers, with the dashboard's role check (`SendNewsletter`:
//! admin, editor).

use crate::app;
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{delete as delete_route, get},
};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::lists_shapes::{List, ListCounts, ListInput, ListSummary, Subscriber, Subscription};
use super::{ApiUser, JsonBody};
use crate::App;
use crate::accounts::Capability;
use crate::error::{Error, Message};
use crate::newsletter::{
    lists,
    subscriptions::{self, AddMode, AdminAdd, SubscriberQuery},
};
use crate::web::error_body::ErrorBody;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/lists", get(list).post(create))
        .route("/api/v1/lists/{id}", get(show).put(update).delete(delete))
        .route(
            "/api/v1/lists/{id}/subscribers",
            get(subscribers).post(add_subscriber),
        )
        .route("/api/v1/subscriptions/{id}", delete_route(unsubscribe))
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        create,
        show,
        update,
        delete,
        subscribers,
        add_subscriber,
        unsubscribe
    ),
    components(schemas(
        List,
        ListInput,
        ListSummary,
        ListCounts,
        Subscription,
        Subscriber,
        SubscriberPage,
        NewSubscriber,
        AddedSubscriber,
    ))
)]
pub struct Doc;

/// Reads a JSON body into `T`, with a 400 that says what is wrong.
fn read<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|e| Error::BadRequest(Message::new("error_body_unreadable").with("detail", e)))
}

/// Every list with its counts of confirmed, pending and unsubscribed people.
#[utoipa::path(get, path = "/api/v1/lists", tag = "newsletter",
    responses((status = 200, body = [ListSummary]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<ListSummary>>, Error> {
    user.require(Capability::SendNewsletter)?;
    let all = app.db.read(lists::all_with_counts).await?;
    Ok(Json(all.iter().map(ListSummary::from).collect()))
}

/// One list with its counts.
#[utoipa::path(get, path = "/api/v1/lists/{id}", tag = "newsletter", params(("id" = i64, Path)),
    responses((status = 200, body = ListSummary), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ListSummary>, Error> {
    user.require(Capability::SendNewsletter)?;
    let summary = app
        .db
        .read(move |c| {
            Ok::<_, Error>(ListSummary {
                list: (&lists::find(c, id)?).into(),
                counts: (&lists::counts(c, id)?).into(),
            })
        })
        .await?;
    Ok(Json(summary))
}

/// Makes a list. `kind`: `public` (on the website's form, double opt-in), `private` (people
/// the team adds) or `members`. The slug is made from the name when empty.
#[utoipa::path(post, path = "/api/v1/lists", tag = "newsletter", request_body = ListInput,
    responses((status = 201, body = List), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Response, Error> {
    user.require(Capability::SendNewsletter)?;
    let input: ListInput = read(input)?;
    let list = app::subscriptions::create_list(&app, input.into()).await?;
    Ok((StatusCode::CREATED, Json(List::from(&list))).into_response())
}

/// Saves an edit of a list.
#[utoipa::path(put, path = "/api/v1/lists/{id}", tag = "newsletter", params(("id" = i64, Path)), request_body = ListInput,
    responses((status = 200, body = List), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Json<List>, Error> {
    user.require(Capability::SendNewsletter)?;
    let input: ListInput = read(input)?;
    let list = app::subscriptions::update_list(&app, id, input.into()).await?;
    Ok(Json((&list).into()))
}

/// Deletes a list and its subscriptions (the consent log stays); 409 while campaigns use it.
#[utoipa::path(delete, path = "/api/v1/lists/{id}", tag = "newsletter", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::SendNewsletter)?;
    app::subscriptions::delete_list(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SubscribersParams {
    /// Part of an address or a name.
    #[serde(default)]
    q: String,
    /// `pending`, `confirmed` or `unsubscribed`; all when absent.
    #[serde(default)]
    status: String,
    /// From 1; 50 a page.
    #[serde(default)]
    page: Option<i64>,
}

/// A page of subscribers and how many match in all.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubscriberPage {
    pub subscribers: Vec<Subscriber>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A list's subscribers, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/lists/{id}/subscribers", tag = "newsletter",
    params(("id" = i64, Path), SubscribersParams),
    responses((status = 200, body = SubscriberPage), (status = 404, body = ErrorBody)))]
pub async fn subscribers(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    Query(params): Query<SubscribersParams>,
) -> Result<Json<SubscriberPage>, Error> {
    user.require(Capability::SendNewsletter)?;
    let query = SubscriberQuery {
        search: params.q,
        status: params.status,
        page: params.page.unwrap_or(1).max(1),
    };
    let page = query.page;
    let (subscribers, total) = app
        .db
        .read(move |c| {
            lists::find(c, id)?;
            subscriptions::subscribers(c, id, &query)
        })
        .await?;
    Ok(Json(SubscriberPage {
        subscribers: subscribers.iter().map(Subscriber::from).collect(),
        total,
        page,
        per_page: subscriptions::PER_PAGE,
    }))
}

/// Someone to add to a list.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewSubscriber {
    pub email: String,
    #[serde(default)]
    pub name: String,
    /// Where and when the person agreed (a paper form...): with it they are confirmed at once
    /// and it is recorded as their consent; without it they get a confirmation mail.
    #[serde(default)]
    pub consent_source: Option<String>,
    /// `fr` or `en`: the language of the confirmation mail (the person's record's by default).
    #[serde(default)]
    pub lang: String,
}

/// What became of the addition.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AddedSubscriber {
    /// `confirmed`, `confirmation_sent`, `confirmation_sent_recently` (a confirmation mail
    /// went to the address less than 10 minutes ago: none now) or `already_confirmed`.
    pub outcome: String,
    pub subscription: Subscription,
}

/// Adds someone to a list: with `consent_source`, confirmed at once; otherwise a confirmation
/// mail is sent and the subscription stays `pending` until the person clicks.
#[utoipa::path(post, path = "/api/v1/lists/{id}/subscribers", tag = "newsletter", params(("id" = i64, Path)),
    request_body = NewSubscriber,
    responses((status = 201, body = AddedSubscriber), (status = 200, body = AddedSubscriber, description = "already on the list"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_subscriber(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result<Response, Error> {
    user.require(Capability::SendNewsletter)?;
    let body: NewSubscriber = read(body)?;
    if !matches!(body.lang.as_str(), "" | "fr" | "en") {
        return Err(Error::invalid("lang", "lang_invalid"));
    }
    let mode = match body.consent_source {
        Some(source) if !source.trim().is_empty() => AddMode::AtOnce {
            consent_source: source,
        },
        _ => AddMode::SendConfirmation,
    };
    let add = AdminAdd {
        email: body.email,
        name: body.name,
        lang: body.lang,
        mode,
        source: subscriptions::SubscriptionSource::Api,
    };
    let (added, subscription) = app::subscriptions::add_by_admin(&app, id, add, user.0.id).await?;
    let status = if matches!(added, subscriptions::Added::AlreadyConfirmed(_)) {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(AddedSubscriber {
            outcome: added.as_str().to_string(),
            subscription: (&subscription).into(),
        }),
    )
        .into_response())
}

/// Takes someone off a list (they asked the team). Twice is harmless.
#[utoipa::path(delete, path = "/api/v1/subscriptions/{id}", tag = "newsletter", params(("id" = i64, Path)),
    responses((status = 200, body = Subscription), (status = 404, body = ErrorBody)))]
pub async fn unsubscribe(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Subscription>, Error> {
    user.require(Capability::SendNewsletter)?;
    let subscription = app::subscriptions::unsubscribe_by_admin(&app, id, user.0.id).await?;
    Ok(Json((&subscription).into()))
}
