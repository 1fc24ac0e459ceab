//! Newsletter lists and their subscribers in the dashboard (role with `SendNewsletter`): the
//! lists with their counts, make and edit a list, its subscribers (search, status, 50 a page),
//! add someone (confirmation mail, or agreement given otherwise), take someone off, the CSV
//! export, and the snippets that put the subscribe form on another site.
//!
//! The files: `index` (every list), `editor` (make, edit, delete a list), `subscribers` (a
//! list's subscribers, adding and taking off), `export` (the CSV file), `embed` (the snippets).

use axum::{
    Router,
    routing::{get, post},
};
use serde::Deserialize;

use crate::App;
use crate::newsletter::lists::{ListKind, SubscriptionStatus};

mod editor;
mod embed;
mod export;
mod index;
mod subscribers;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/lists", get(index::list))
        .route(
            "/dashboard/lists/new",
            get(editor::new_form).post(editor::create),
        )
        .route("/dashboard/lists/{id}", get(subscribers::subscribers))
        .route(
            "/dashboard/lists/{id}/edit",
            get(editor::edit_form).post(editor::update),
        )
        .route("/dashboard/lists/{id}/delete", post(editor::delete))
        .route("/dashboard/lists/{id}/subscribers", post(subscribers::add))
        .route(
            "/dashboard/lists/{id}/subscribers.csv",
            get(export::export_csv),
        )
        .route(
            "/dashboard/subscriptions/{id}/unsubscribe",
            post(subscribers::unsubscribe),
        )
}

fn kind_key(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Public => "list_kind_public_short",
        ListKind::Members => "list_kind_members_short",
        ListKind::Private => "list_kind_private_short",
    }
}

fn status_key(st: SubscriptionStatus) -> &'static str {
    match st {
        SubscriptionStatus::Confirmed => "list_status_confirmed",
        SubscriptionStatus::Pending => "list_status_pending",
        SubscriptionStatus::Unsubscribed => "list_status_unsubscribed",
    }
}

/// Notices a redirect may ask a page to show: only known keys.
fn done_key(text: Option<&str>) -> Option<&'static str> {
    [
        "list_saved",
        "list_deleted",
        "list_unsubscribed_notice",
        "list_added_confirmed",
        "list_added_confirmation_sent",
        "list_added_confirmation_sent_recently",
        "list_added_already_confirmed",
    ]
    .into_iter()
    .find(|k| Some(*k) == text)
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct Empty {}
