//! The members' dashboard. Every handler asks for a capability before it does anything.

pub mod account;
pub mod auth;
pub mod books;
pub mod books_reports;
pub mod campaigns;
pub mod contacts;
pub mod events;
pub mod followers;
pub mod imports;
pub mod invitations;
pub mod jobs;
pub mod lists;
pub mod me;
pub mod media;
pub mod members;
pub mod notifications;
pub mod pages;
pub mod posts;
pub mod privacy;
pub mod users;

use crate::i18n::Lang;
use askama::Template;
use axum::{Router, extract::State, response::Response, routing::get};
use serde::Deserialize;

use super::{
    pages::{Layout, PageError, layout, render},
    session::SignedIn,
};
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;

pub fn router() -> Router<App> {
    Router::new()
        .route("/dashboard", get(index))
        .merge(auth::routes())
        .merge(invitations::routes())
        .merge(posts::routes())
        .merge(pages::routes())
        .merge(media::routes())
        .merge(followers::routes())
        .merge(jobs::routes())
        .merge(notifications::routes())
        .merge(account::routes())
        .merge(events::routes())
        .merge(users::routes())
        .merge(contacts::routes())
        .merge(members::routes())
        .merge(me::routes())
        .merge(imports::routes())
        .merge(privacy::routes())
        .merge(lists::routes())
        .merge(campaigns::routes())
        .merge(books::routes())
        .merge(books_reports::routes())
}

/// `?saved=1` after a redirect, to say that the save went through.
#[derive(Deserialize)]
pub struct SavedQuery {
    pub saved: Option<String>,
}

/// The layout of a dashboard page, for this member.
pub async fn dash_layout(
    app: &App,
    lang: Lang,
    path: &str,
    me: &SignedIn,
) -> Result<Layout, Error> {
    let mut l = layout(app, lang, path, me.csrf.clone()).await?;
    l.user_name = Some(me.user.display_name.clone());
    l.is_admin = me.user.role().can(Capability::Administer);
    Ok(l)
}

#[derive(Template)]
#[template(path = "dashboard/index.html")]
struct IndexPage {
    l: Layout,
    posts: usize,
    pages: usize,
    followers: i64,
    failed_jobs: i64,
}

async fn index(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let (posts, pages, followers, failed_jobs) = app
        .db
        .run(|c| {
            let failed = crate::jobs::counts(c)?
                .into_iter()
                .find(|(s, _)| *s == crate::jobs::JobStatus::Failed)
                .map(|(_, n)| n)
                .unwrap_or(0);
            Ok::<_, Error>((
                crate::site::posts::all(c)?.len(),
                crate::site::pages::all(c)?.len(),
                crate::audience::followers::count(c)?,
                failed,
            ))
        })
        .await?;
    let l = dash_layout(&app, lang, "/dashboard", &me).await?;
    Ok(render(&IndexPage {
        l,
        posts,
        pages,
        followers,
        failed_jobs,
    }))
}
