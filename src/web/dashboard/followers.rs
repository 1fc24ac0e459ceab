//! Fediverse followers: see who follows, remove one, block an account or a whole server.

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

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::ModerateFollowers)?;
    let (total, followers, blocks) = app
        .db
        .run(|c| {
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
    app.db
        .run(move |c| {
            let f = followers::find(c, id)?;
            followers::remove(c, &f.actor_id)
        })
        .await?;
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
    app.db
        .run(move |c| {
            let f = followers::find(c, id)?;
            match form.kind.as_str() {
                "domain" => {
                    let host = url::Url::parse(&f.actor_id)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_default();
                    blocks::block(c, BlockKind::Domain, &host)
                }
                _ => blocks::block(c, BlockKind::Actor, &f.actor_id),
            }
        })
        .await?;
    Ok(Redirect::to("/dashboard/followers").into_response())
}

pub async fn unblock(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ModerateFollowers)?;
    app.db.run(move |c| blocks::unblock(c, id)).await?;
    Ok(Redirect::to("/dashboard/followers").into_response())
}
