//! The member lists: members today, to renew, lapsed; a search by name; 50 a page.

use crate::i18n::{Lang, msg};
use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use serde::Deserialize;

use super::{day_text, money};
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::members::memberships::{self, Counts, ListQuery, View};
use crate::members::period;
use crate::web::{
    dashboard::dash_layout,
    pages::{Layout, PageError, render},
    session::{SignedIn, urlencode},
};

pub const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub view: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<String>,
}

pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub struct Row {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub category: String,
    pub until: String,
    pub amount: String,
}

#[derive(Template)]
#[template(path = "dashboard/members.html")]
struct ListPage {
    l: Layout,
    summary: String,
    tabs: Vec<Tab>,
    view: &'static str,
    q: String,
    rows: Vec<Row>,
    empty_key: &'static str,
    until_key: &'static str,
    prev: Option<String>,
    next: Option<String>,
    page: i64,
    export: String,
    is_admin: bool,
}

pub async fn list(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let view = View::parse(&params.view).unwrap_or_default();
    let page = params
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    let today = app.today();
    let search = params.q.trim().to_string();
    let (rows, counts) = app
        .db
        .read({
            let search = search.clone();
            move |c| {
                let settings = period::load(c)?;
                let window = settings.renew_window();
                let query = ListQuery {
                    view,
                    search,
                    today,
                    renew_window: window,
                    offset: (page - 1) * PAGE_SIZE,
                    // One more than shown: tells whether there is a next page.
                    limit: PAGE_SIZE + 1,
                };
                let rows = memberships::list(c, &query)?;
                let counts = memberships::counts(c, today, window)?;
                Ok::<_, Error>((rows, counts))
            }
        })
        .await?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    let rows: Vec<Row> = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|r| Row {
            contact_id: r.contact_id,
            name: display_name(&r.first_name, &r.last_name, r.email.as_deref()),
            email: r.email.unwrap_or_default(),
            category: r.category,
            until: day_text(lang, r.until),
            amount: money(lang, r.amount_cents),
        })
        .collect();
    let link = |view: View, page: i64| {
        let mut href = format!("/dashboard/members?view={}", view.as_str());
        if !search.is_empty() {
            href.push_str(&format!("&q={}", urlencode(&search)));
        }
        if page > 1 {
            href.push_str(&format!("&page={page}"));
        }
        href
    };
    let tabs = View::ALL
        .iter()
        .map(|v| Tab {
            href: link(*v, 1),
            label: format!("{} ({})", lang.t(tab_key(*v)), counts.of(*v)),
            current: *v == view,
        })
        .collect();
    let l = dash_layout(&app, lang, "/dashboard/members", &me).await?;
    Ok(render(&ListPage {
        summary: summary(lang, &counts),
        tabs,
        view: view.as_str(),
        q: search.clone(),
        rows,
        empty_key: if search.is_empty() {
            "member_list_empty"
        } else {
            "member_search_empty"
        },
        until_key: if view == View::Lapsed {
            "member_ended_on"
        } else {
            "member_until"
        },
        prev: (page > 1).then(|| link(view, page - 1)),
        next: has_next.then(|| link(view, page + 1)),
        page,
        export: format!("/dashboard/members/export.csv?view={}", view.as_str()),
        is_admin: me.user.role().can(Capability::Administer),
        l,
    }))
}

fn tab_key(view: View) -> &'static str {
    match view {
        View::Current => msg("member_view_current"),
        View::Renew => msg("member_view_renew"),
        View::Lapsed => msg("member_view_lapsed"),
    }
}

/// "143 members today, 21 of them to renew".
fn summary(lang: Lang, counts: &Counts) -> String {
    lang.t_args(
        "member_summary",
        &[
            ("current", counts.current.into()),
            ("renew", counts.renew.into()),
        ],
    )
}

fn display_name(first: &str, last: &str, email: Option<&str>) -> String {
    let name = format!("{} {}", first.trim(), last.trim());
    match name.trim() {
        "" => email.unwrap_or("?").to_string(),
        name => name.to_string(),
    }
}
