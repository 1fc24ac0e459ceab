//! The subscribers of a list: search, status, 50 a page; adding someone, taking someone off.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::embed::embed_snippets;
use super::{Empty, done_key, kind_key, status_key};
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::db::TextEnum;
use crate::error::Error;
use crate::i18n::Lang;
use crate::newsletter::{
    lists::{self, List, SubscriptionStatus},
    subscriptions::{self, AddMode, Added, AdminAdd, Subscriber, SubscriberQuery},
};
use crate::web::dashboard::{dash_layout, privacy};
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
};

/// The statuses of the subscribers' filter: (stored word, its name).
fn statuses() -> Vec<(&'static str, &'static str)> {
    [
        SubscriptionStatus::Confirmed,
        SubscriptionStatus::Pending,
        SubscriptionStatus::Unsubscribed,
    ]
    .into_iter()
    .map(|s| (s.as_str(), status_key(s)))
    .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct SubscribersQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<String>,
    done: Option<String>,
}

impl SubscribersQuery {
    pub(super) fn query(&self) -> SubscriberQuery {
        SubscriberQuery {
            search: self.q.trim().to_string(),
            status: self.status.clone(),
            page: self
                .page
                .as_deref()
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
        }
    }
}

pub struct SubscriberRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub source: String,
    pub since: String,
    pub bounced: bool,
    pub active: bool,
}

/// What the "add someone" form holds.
#[derive(Deserialize, Default, Clone)]
pub struct AddForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    /// `mail` (the default) or `consent`.
    #[serde(default)]
    pub how: String,
    #[serde(default)]
    pub consent_source: String,
}

#[derive(Template)]
#[template(path = "dashboard/lists_subscribers.html")]
struct SubscribersPage {
    l: Layout,
    list: List,
    kind_key: &'static str,
    counts: lists::Counts,
    rows: Vec<SubscriberRow>,
    total: i64,
    q: String,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    prev: Option<String>,
    next: Option<String>,
    /// `?q=...&status=...` for the export link, or "".
    filter_query: String,
    add: AddForm,
    errors: FormErrors,
    done: Option<&'static str>,
    embed_iframe: String,
    embed_form: String,
}

fn row(lang: Lang, tz: chrono_tz::Tz, s: &Subscriber) -> SubscriberRow {
    let sub = &s.subscription;
    let since = sub
        .unsubscribed_at
        .filter(|_| sub.status == SubscriptionStatus::Unsubscribed)
        .or(sub
            .confirmed_at
            .filter(|_| sub.status == SubscriptionStatus::Confirmed))
        .unwrap_or(sub.created_at);
    SubscriberRow {
        id: sub.id,
        name: s.name(),
        email: s.email.clone().unwrap_or_default(),
        status: sub.status.as_str(),
        status_key: status_key(sub.status),
        source: privacy::subscription_source(lang, sub.source, sub.source_url.as_deref()),
        since: when(lang, tz, &since),
        bounced: s.email_bounced_at.is_some(),
        active: sub.status != SubscriptionStatus::Unsubscribed,
    }
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    let text = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()))
        .finish();
    if text.is_empty() {
        text
    } else {
        format!("?{text}")
    }
}

async fn subscribers_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    q: SubscribersQuery,
    add: AddForm,
    errors: FormErrors,
) -> Result<SubscribersPage, Error> {
    let query = q.query();
    let wanted = query.clone();
    let (list, counts, (found, total)) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                lists::find(c, id)?,
                lists::counts(c, id)?,
                subscriptions::subscribers(c, id, &wanted)?,
            ))
        })
        .await?;
    let tz = app.settings.timezone;
    let page = query.page;
    let pages = (total + subscriptions::PER_PAGE - 1) / subscriptions::PER_PAGE;
    let page_link = |p: i64| {
        let p = p.to_string();
        query_string(&[("q", &query.search), ("status", &q.status), ("page", &p)])
    };
    let l = dash_layout(app, lang, &format!("/dashboard/lists/{id}"), me).await?;
    let (embed_iframe, embed_form) = embed_snippets(app, lang, id);
    Ok(SubscribersPage {
        l,
        kind_key: kind_key(list.kind),
        counts,
        rows: found.iter().map(|s| row(lang, tz, s)).collect(),
        total,
        q: query.search.clone(),
        status: q.status.clone(),
        statuses: statuses(),
        prev: (page > 1).then(|| page_link(page - 1)),
        next: (page < pages).then(|| page_link(page + 1)),
        filter_query: query_string(&[("q", &query.search), ("status", &q.status)]),
        add,
        errors,
        done: done_key(q.done.as_deref()),
        embed_iframe,
        embed_form,
        list,
    })
}

pub async fn subscribers(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SubscribersQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let page = subscribers_page(
        &app,
        lang,
        &me,
        id,
        q,
        AddForm::default(),
        FormErrors::default(),
    )
    .await?;
    Ok(render(&page))
}

/// Adds someone: a confirmation mail (the default), or confirmed at once when they agreed
/// otherwise (the source is recorded).
pub async fn add(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<AddForm>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let mode = if form.how == "consent" {
        AddMode::AtOnce {
            consent_source: form.consent_source.clone(),
        }
    } else {
        AddMode::SendConfirmation
    };
    let add = AdminAdd {
        email: form.email.clone(),
        name: form.name.clone(),
        lang: String::new(),
        mode,
        source: subscriptions::SubscriptionSource::Dashboard,
    };
    let result = app::subscriptions::add_by_admin(&app, id, add, me.user.id).await;
    match result {
        Ok((added, _)) => {
            let done = match added {
                Added::Confirmed(_) => "list_added_confirmed",
                Added::MailQueued(_) => "list_added_confirmation_sent",
                Added::NotResent(_) => "list_added_confirmation_sent_recently",
                Added::AlreadyConfirmed(_) => "list_added_already_confirmed",
            };
            Ok(Redirect::to(&format!("/dashboard/lists/{id}?done={done}")).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = subscribers_page(
                &app,
                lang,
                &me,
                id,
                SubscribersQuery::default(),
                form,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

/// Takes someone off the list (they asked the team).
pub async fn unsubscribe(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let sub = app::subscriptions::unsubscribe_by_admin(&app, id, me.user.id).await?;
    Ok(Redirect::to(&format!(
        "/dashboard/lists/{}?done=list_unsubscribed_notice",
        sub.list_id
    ))
    .into_response())
}
