//! Fediverse followers through the API.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::ApiUser;
use crate::App;
use crate::accounts::Capability;
use crate::audience::followers;
use crate::error::Error;
use crate::web::error_body::ErrorBody;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Follower {
    pub id: i64,
    pub actor_id: String,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub created_at: NaiveDateTime,
}

impl From<&followers::Follower> for Follower {
    fn from(f: &followers::Follower) -> Self {
        Follower {
            id: f.id,
            actor_id: f.actor_id.clone(),
            inbox: f.inbox.clone(),
            shared_inbox: f.shared_inbox.clone(),
            created_at: f.created_at,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FollowerList {
    pub total: i64,
    pub items: Vec<Follower>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// At most 500.
    limit: Option<i64>,
    offset: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/followers", tag = "followers", params(Paging),
    responses((status = 200, body = FollowerList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    user: ApiUser,
    Query(p): Query<Paging>,
) -> Result<Json<FollowerList>, Error> {
    user.require(Capability::ModerateFollowers)?;
    let limit = p.limit.unwrap_or(100).clamp(1, 500);
    let offset = p.offset.unwrap_or(0).max(0);
    let (total, items) = app
        .db
        .read(move |c| Ok::<_, Error>((followers::count(c)?, followers::list(c, limit, offset)?)))
        .await?;
    Ok(Json(FollowerList {
        total,
        items: items.iter().map(Follower::from).collect(),
    }))
}

/// Removes a follower (they can follow again; block them in the dashboard to stop that).
#[utoipa::path(delete, path = "/api/v1/followers/{id}", tag = "followers", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::ModerateFollowers)?;
    crate::app::audience::remove_follower(&app, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The addresses of this part of the API.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::{delete, get};
    axum::Router::new()
        .route("/api/v1/followers", get(list))
        .route("/api/v1/followers/{id}", delete(remove))
}
