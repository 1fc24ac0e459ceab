//! The members' dashboard. Every handler asks for a capability before it does anything.

pub mod account;
pub mod auth;
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
pub mod pages;
pub mod posts;
pub mod privacy;
pub mod users;

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::State,
    response::Response,
    routing::{get, post},
};
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
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route(
            "/password-reset",
            get(auth::reset_request_form).post(auth::reset_request),
        )
        .route(
            "/password-reset/{secret}",
            get(auth::reset_form).post(auth::reset),
        )
        .route("/setup/{secret}", get(auth::setup_form).post(auth::setup))
        .route(
            "/invitation/{secret}",
            get(invitations::form).post(invitations::accept),
        )
        .route("/dashboard", get(index))
        .route("/dashboard/posts", get(posts::list))
        .route(
            "/dashboard/posts/new",
            get(posts::new_form).post(posts::create),
        )
        .route(
            "/dashboard/posts/{id}",
            get(posts::edit_form).post(posts::update),
        )
        .route("/dashboard/posts/{id}/delete", post(posts::delete))
        .route("/dashboard/pages", get(pages::list))
        .route(
            "/dashboard/pages/new",
            get(pages::new_form).post(pages::create),
        )
        .route(
            "/dashboard/pages/{id}",
            get(pages::edit_form).post(pages::update),
        )
        .route("/dashboard/pages/{id}/delete", post(pages::delete))
        .route("/dashboard/media", get(media::list).post(media::upload))
        .route("/dashboard/followers", get(followers::list))
        .route("/dashboard/followers/{id}/remove", post(followers::remove))
        .route("/dashboard/followers/{id}/block", post(followers::block))
        .route("/dashboard/blocks/{id}/delete", post(followers::unblock))
        .route("/dashboard/jobs", get(jobs::list))
        .route("/dashboard/jobs/{id}/retry", post(jobs::retry))
        .route("/dashboard/account", get(account::show))
        .route(
            "/dashboard/account/password",
            post(account::change_password),
        )
        .route("/dashboard/account/tokens", post(account::create_token))
        .route(
            "/dashboard/account/tokens/{id}/delete",
            post(account::revoke_token),
        )
        .route("/dashboard/events", get(events::list))
        .route(
            "/dashboard/events/new",
            get(events::new_form).post(events::create),
        )
        .route(
            "/dashboard/events/{id}",
            get(events::edit_form).post(events::update),
        )
        .route("/dashboard/events/{id}/cancel", post(events::cancel_event))
        .route("/dashboard/events/{id}/delete", post(events::delete))
        .route(
            "/dashboard/events/{id}/capacity",
            post(events::set_capacity),
        )
        .route("/dashboard/events/{id}/message", post(events::message_all))
        .route(
            "/dashboard/events/{id}/registrations",
            get(events::registrations),
        )
        .route(
            "/dashboard/events/{id}/registrations.csv",
            get(events::export_csv),
        )
        .route("/dashboard/events/{id}/checkin", get(events::checkin))
        .route("/dashboard/events/{id}/sheet", get(events::sheet))
        .route(
            "/dashboard/registrations/{id}/approve",
            post(events::approve),
        )
        .route("/dashboard/registrations/{id}/refuse", post(events::refuse))
        .route(
            "/dashboard/registrations/{id}/cancel",
            post(events::cancel_registration),
        )
        .route(
            "/dashboard/registrations/{id}/checkin",
            post(events::check_in),
        )
        .route(
            "/dashboard/series/new",
            get(events::series_new_form).post(events::series_create),
        )
        .route(
            "/dashboard/series/{id}",
            get(events::series_edit_form).post(events::series_update),
        )
        .route("/dashboard/users", get(users::list).post(users::create))
        .route("/dashboard/users/{id}/role", post(users::set_role))
        .merge(contacts::routes())
        .merge(members::routes())
        .merge(me::routes())
        .merge(imports::routes())
        .merge(privacy::routes())
        .merge(lists::routes())
        .merge(campaigns::routes())
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
                .find(|(s, _)| s == crate::jobs::FAILED)
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
