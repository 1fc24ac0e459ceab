//! Website pages through the API.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{ApiUser, JsonBody};
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::error::Error;
use crate::site::pages;
use crate::web::error_body::ErrorBody;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Page {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub in_menu: bool,
    pub menu_order: i32,
    pub published: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&pages::Page> for Page {
    fn from(p: &pages::Page) -> Self {
        Page {
            id: p.id,
            slug: p.slug.clone(),
            title: p.title.clone(),
            body_md: p.body_md.clone(),
            body_html: p.body_html.clone(),
            in_menu: p.in_menu,
            menu_order: p.menu_order,
            published: p.published,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PageInput {
    /// Required: a missing title is refused like an empty one, with the field named (422).
    #[serde(default)]
    #[schema(required = true)]
    pub title: String,
    /// The address: `/pages/{slug}`. Made from the title when empty.
    #[serde(default)]
    pub slug: String,
    /// Markdown; may be empty.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub in_menu: bool,
    #[serde(default)]
    pub menu_order: i32,
    #[serde(default)]
    pub published: bool,
}

impl From<PageInput> for pages::PageInput {
    fn from(i: PageInput) -> Self {
        pages::PageInput {
            title: i.title,
            slug: i.slug,
            body: i.body,
            in_menu: i.in_menu,
            menu_order: i.menu_order,
            published: i.published,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/pages", tag = "pages",
    responses((status = 200, body = [Page]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<Page>>, Error> {
    user.require(Capability::EditSite)?;
    let all = app.db.read(pages::all).await?;
    Ok(Json(all.iter().map(Page::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/pages/{id}", tag = "pages", params(("id" = i64, Path)),
    responses((status = 200, body = Page), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Page>, Error> {
    user.require(Capability::EditSite)?;
    let page = app.db.read(move |c| pages::find(c, id)).await?;
    Ok(Json((&page).into()))
}

#[utoipa::path(post, path = "/api/v1/pages", tag = "pages", request_body = PageInput,
    responses((status = 201, body = Page), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<PageInput>,
) -> Result<Response, Error> {
    user.require(Capability::EditSite)?;
    let page = app::pages::create_page(&app, input.into()).await?;
    Ok((StatusCode::CREATED, Json(Page::from(&page))).into_response())
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
    let page = app::pages::update_page(&app, id, input.into()).await?;
    Ok(Json((&page).into()))
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
