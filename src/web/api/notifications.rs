//! `/api/v1/notifications`: the rules that post to the association's chat (admins).

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use utoipa::OpenApi;

use super::notifications_shapes::{NoticeKindShape, NotificationRule, NotificationRuleInput};
use super::{ApiUser, JsonBody};
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::error::{Error, Message};
use crate::notifications::rules;
use crate::web::error_body::ErrorBody;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/notifications", get(list).post(create))
        .route(
            "/api/v1/notifications/{id}",
            get(show).put(update).delete(delete),
        )
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, create, show, update, delete),
    components(schemas(NotificationRule, NotificationRuleInput, NoticeKindShape))
)]
pub struct Doc;

fn read<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|e| Error::BadRequest(Message::new("error_body_unreadable").with("detail", e)))
}

/// Every rule.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 200, body = [NotificationRule]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    user: ApiUser,
) -> Result<Json<Vec<NotificationRule>>, Error> {
    user.require(Capability::Administer)?;
    let all = app.db.read(rules::all).await?;
    Ok(Json(all.iter().map(NotificationRule::from).collect()))
}

/// One rule.
#[utoipa::path(get, path = "/api/v1/notifications/{id}", tag = "notifications", params(("id" = i64, Path)),
    responses((status = 200, body = NotificationRule), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<NotificationRule>, Error> {
    user.require(Capability::Administer)?;
    let rule = app.db.read(move |c| rules::find(c, id)).await?;
    Ok(Json((&rule).into()))
}

/// Makes a rule. The webhook must be an http(s) address on the public Internet; a rule
/// carries at least one kind or has a digest.
#[utoipa::path(post, path = "/api/v1/notifications", tag = "notifications", request_body = NotificationRuleInput,
    responses((status = 201, body = NotificationRule), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Response, Error> {
    user.require(Capability::Administer)?;
    let input: NotificationRuleInput = read(input)?;
    let rule = app::notifications::create_rule(&app, input.into()).await?;
    Ok((StatusCode::CREATED, Json(NotificationRule::from(&rule))).into_response())
}

/// Saves the whole of a rule.
#[utoipa::path(put, path = "/api/v1/notifications/{id}", tag = "notifications", params(("id" = i64, Path)), request_body = NotificationRuleInput,
    responses((status = 200, body = NotificationRule), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> Result<Json<NotificationRule>, Error> {
    user.require(Capability::Administer)?;
    let input: NotificationRuleInput = read(input)?;
    let rule = app::notifications::update_rule(&app, id, input.into()).await?;
    Ok(Json((&rule).into()))
}

/// Deletes a rule, with what waited for its next message.
#[utoipa::path(delete, path = "/api/v1/notifications/{id}", tag = "notifications", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::Administer)?;
    app::notifications::delete_rule(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
