//! Website pages through the API.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::{ApiUser, JsonBody};
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::error::{Error, ErrorBody};
use crate::site::pages::{self, Page, PageInput};

#[utoipa::path(get, path = "/api/v1/pages", tag = "pages",
    responses((status = 200, body = [Page]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<Page>>, Error> {
    user.require(Capability::EditSite)?;
    Ok(Json(app.db.read(pages::all).await?))
}

#[utoipa::path(get, path = "/api/v1/pages/{id}", tag = "pages", params(("id" = i64, Path)),
    responses((status = 200, body = Page), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Page>, Error> {
    user.require(Capability::EditSite)?;
    Ok(Json(app.db.read(move |c| pages::find(c, id)).await?))
}

#[utoipa::path(post, path = "/api/v1/pages", tag = "pages", request_body = PageInput,
    responses((status = 201, body = Page), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<PageInput>,
) -> Result<Response, Error> {
    user.require(Capability::EditSite)?;
    let page = app::pages::create_page(&app, input).await?;
    Ok((StatusCode::CREATED, Json(page)).into_response())
}

#[utoipa::path(put, path = "/api/v1/pages/{id}", tag = "pages", params(("id" = i64, Path)), request_body = PageInput,
    responses((status = 200, body = Page), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PageInput>,
) -> Result<Json<Page>, Error> {
    user.require(Capability::EditSite)?;
    Ok(Json(app::pages::update_page(&app, id, input).await?))
}

#[utoipa::path(delete, path = "/api/v1/pages/{id}", tag = "pages", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::EditSite)?;
    app::pages::delete_page(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The addresses of this part of the API.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::get;
    axum::Router::new()
        .route("/api/v1/pages", get(list).post(create))
        .route("/api/v1/pages/{id}", get(show).put(update).delete(delete))
}
