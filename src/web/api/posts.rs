//! News posts through the API.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{ApiUser, JsonBody};
use crate::accounts::Capability;
use crate::error::Error;
use crate::site::posts;
use crate::web::error_body::ErrorBody;
use crate::{App, app};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Post {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_md: String,
    pub body_html: String,
    /// Plain text for lists and link previews: the summary, or the start of the text.
    pub excerpt: String,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&posts::Post> for Post {
    fn from(p: &posts::Post) -> Self {
        Post {
            id: p.id,
            slug: p.slug.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            body_md: p.body_md.clone(),
            body_html: p.body_html.clone(),
            excerpt: p.excerpt.clone(),
            published_at: p.published_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// What a member types: the same fields from the dashboard form and from the API.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PostInput {
    /// Required: a missing title is refused like an empty one, with the field named (422).
    #[serde(default)]
    #[schema(required = true)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown. Required.
    #[serde(default)]
    #[schema(required = true)]
    pub body: String,
    /// Publish now (or keep published); `false` keeps a draft (or takes the post back).
    #[serde(default)]
    pub publish: bool,
}

impl From<PostInput> for posts::PostInput {
    fn from(i: PostInput) -> Self {
        posts::PostInput {
            title: i.title,
            summary: i.summary,
            body: i.body,
            publish: i.publish,
        }
    }
}

/// A post with its public address and its ActivityPub id.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PostCreated {
    pub id: i64,
    pub slug: String,
    pub url: String,
    pub ap_id: String,
    pub published: bool,
}

fn created(app: &App, post: &posts::Post) -> PostCreated {
    let url = app.settings.url(&crate::urls::news_post(&post.slug));
    PostCreated {
        id: post.id,
        slug: post.slug.clone(),
        ap_id: url.clone(),
        url,
        published: post.is_published(),
    }
}

#[utoipa::path(get, path = "/api/v1/posts", tag = "posts",
    responses((status = 200, body = [Post]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<Post>>, Error> {
    user.require(Capability::EditSite)?;
    let all = app.db.read(posts::all).await?;
    Ok(Json(all.iter().map(Post::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = Post), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Post>, Error> {
    user.require(Capability::EditSite)?;
    let post = app.db.read(move |c| posts::find(c, id)).await?;
    Ok(Json((&post).into()))
}

/// Creates a post; with `publish: true` it goes to the website, the feed and followers.
#[utoipa::path(post, path = "/api/v1/posts", tag = "posts", request_body = PostInput,
    responses((status = 201, body = PostCreated), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<PostInput>,
) -> Result<Response, Error> {
    user.require(Capability::EditSite)?;
    let post = app::posts::create_post(&app, input.into()).await?;
    Ok((StatusCode::CREATED, Json(created(&app, &post))).into_response())
}

#[utoipa::path(put, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)), request_body = PostInput,
    responses((status = 200, body = PostCreated), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PostInput>,
) -> Result<Json<PostCreated>, Error> {
    user.require(Capability::EditSite)?;
    let post = app::posts::update_post(&app, id, input.into()).await?;
    Ok(Json(created(&app, &post)))
}

#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::EditSite)?;
    app::posts::delete_post(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The addresses of this part of the API.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::get;
    axum::Router::new()
        .route("/api/v1/posts", get(list).post(create))
        .route("/api/v1/posts/{id}", get(show).put(update).delete(delete))
}
