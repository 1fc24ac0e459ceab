//! The agenda: the coming events, or the past ones, of one category or all.

use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use serde::Deserialize;

use super::{COMING, EventCard, PAST};
use crate::App;
use crate::error::Error;
use crate::events::agenda;
use crate::i18n::Lang;
use crate::site::pages;
use crate::web::pages::{Layout, PageError, render};

#[derive(Deserialize, Default)]
pub struct AgendaQuery {
    past: Option<String>,
    category: Option<String>,
}

impl AgendaQuery {
    pub(super) fn category(&self) -> Option<String> {
        self.category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
    }

    fn past(&self) -> bool {
        self.past
            .as_deref()
            .is_some_and(|p| !p.is_empty() && p != "0")
    }
}

#[derive(Template)]
#[template(path = "public/agenda.html")]
struct AgendaPage {
    l: Layout,
    events: Vec<EventCard>,
    past: bool,
    category: Option<String>,
    categories: Vec<String>,
    /// `?category=...` to keep the filter on the other links, or "".
    category_param: String,
}

pub async fn agenda(
    State(app): State<App>,
    lang: Lang,
    Query(q): Query<AgendaQuery>,
) -> Result<Response, PageError> {
    let past = q.past();
    let category = q.category();
    let wanted = category.clone();
    let (list, categories, menu) = app
        .db
        .read(move |c| {
            let at = crate::db::now();
            let list = if past {
                agenda::past(c, at, wanted.as_deref(), PAST)?
            } else {
                agenda::coming(c, at, wanted.as_deref(), COMING)?
            };
            Ok::<_, Error>((list, agenda::categories(c)?, pages::menu(c)?))
        })
        .await?;
    let tz = app.settings.timezone;
    let events = list.iter().map(|e| EventCard::new(lang, tz, e)).collect();
    let l = Layout::public(&app, lang, "/events", menu);
    let category_param = category
        .as_deref()
        .map(|c| format!("category={}", crate::web::session::urlencode(c)))
        .unwrap_or_default();
    Ok(render(&AgendaPage {
        l,
        events,
        past,
        category,
        categories,
        category_param,
    }))
}
