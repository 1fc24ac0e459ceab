//! Fediverse followers: see who follows, remove one, block an account or a whole server.

use crate::app;
use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::audience::blocks::{self, Block, BlockKind};
use crate::audience::followers::{self, Follower};
use crate::db::TextEnum;
use crate::error::Error;
use crate::web::{
    csrf::CheckedForm,
    pages::{Layout, PageError, render},
    session::SignedIn,
};

type Empty = std::collections::HashMap<String, String>;

#[derive(Template)]
#[template(path = "dashboard/followers.html")]
struct ListPage {
    l: Layout,
    total: i64,
    followers: Vec<Follower>,
    blocks: Vec<Block>,
}

impl ListPage {
    /// The catalogue's word for what a block covers.
    fn kind_key(&self, kind: BlockKind) -> &'static str {
        match kind {
            BlockKind::Actor => "block_kind_actor",
            BlockKind::Domain => "block_kind_domain",
        }
    }
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::ModerateFollowers)?;
    let (total, followers, blocks) = app
        .db
        .read(|c| {
            Ok::<_, Error>((
                followers::count(c)?,
                followers::list(c, 500, 0)?,
                blocks::all(c)?,
            ))
        })
        .await?;
    let l = dash_layout(&app, lang, "/dashboard/followers", &me).await?;
    Ok(render(&ListPage {
        l,
        total,
        followers,
        blocks,
    }))
}

pub async fn remove(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ModerateFollowers)?;
    app::audience::remove_follower(&app, id).await?;
    Ok(Redirect::to("/dashboard/followers").into_response())
}

#[derive(Deserialize)]
pub struct BlockForm {
    kind: String,
}

pub async fn block(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<BlockForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ModerateFollowers)?;
    // The page sends one of two words; anything else is a forged or stale form, refused
    // rather than read as an actor block.
    let Some(kind) = BlockKind::parse(&form.kind) else {
        return Err(PageError(Error::invalid("kind", "block_kind_invalid")));
    };
    app::audience::block_follower(&app, id, kind).await?;
    Ok(Redirect::to("/dashboard/followers").into_response())
}

pub async fn unblock(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ModerateFollowers)?;
    app::audience::unblock(&app, id).await?;
    Ok(Redirect::to("/dashboard/followers").into_response())
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/followers", get(list))
        .route("/dashboard/followers/{id}/remove", post(remove))
        .route("/dashboard/followers/{id}/block", post(block))
        .route("/dashboard/blocks/{id}/delete", post(unblock))
}
