//! The page of every list, with its counts.

use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};

use super::{DoneQuery, done_key, kind_key};
use crate::App;
use crate::accounts::Capability;
use crate::i18n::Lang;
use crate::newsletter::lists::{self, ListKind, ListSummary};
use crate::web::dashboard::dash_layout;
use crate::web::{
    pages::{Layout, PageError, render},
    session::SignedIn,
};

#[derive(Template)]
#[template(path = "dashboard/lists.html")]
struct ListsPage {
    l: Layout,
    lists: Vec<ListSummary>,
    done: Option<&'static str>,
    error: Option<&'static str>,
}

impl ListsPage {
    fn kind_key(&self, kind: ListKind) -> &'static str {
        kind_key(kind)
    }
}

pub async fn list(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let lists = app.db.read(lists::all_with_counts).await?;
    let l = dash_layout(&app, lang, "/dashboard/lists", &me).await?;
    Ok(render(&ListsPage {
        l,
        lists,
        done: done_key(q.done.as_deref()),
        error: (q.done.as_deref() == Some("list_delete_refused")).then_some("list_delete_refused"),
    }))
}
