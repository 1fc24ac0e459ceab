//! Newsletter lists and their subscribers in the dashboard (role with `SendNewsletter`): the
//! lists with their counts, make and edit a list, its subscribers (search, status, 50 a page),
//! add someone (confirmation mail, or agreement given otherwise), take someone off, the CSV
//! export, and the snippets that put the subscribe form on another site.

use crate::app;
use crate::db::TextEnum;
use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::newsletter::{
    lists::{self, List, ListInput, ListKind, ListSummary, SubscriptionStatus},
    subscriptions::{self, AddMode, Added, AdminAdd, Subscriber, SubscriberQuery},
};
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
    spreadsheet,
};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/lists", get(list))
        .route("/dashboard/lists/new", get(new_form).post(create))
        .route("/dashboard/lists/{id}", get(subscribers))
        .route("/dashboard/lists/{id}/edit", get(edit_form).post(update))
        .route("/dashboard/lists/{id}/delete", post(delete))
        .route("/dashboard/lists/{id}/subscribers", post(add))
        .route("/dashboard/lists/{id}/subscribers.csv", get(export_csv))
        .route(
            "/dashboard/subscriptions/{id}/unsubscribe",
            post(unsubscribe),
        )
}

fn kind_key(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Public => "list_kind_public_short",
        ListKind::Members => "list_kind_members_short",
        ListKind::Private => "list_kind_private_short",
    }
}

/// The kinds offered on the list form: (stored word, its explanation).
fn kinds() -> Vec<(&'static str, &'static str)> {
    ListKind::ALL
        .iter()
        .map(|k| {
            let key = match k {
                ListKind::Public => "list_kind_public",
                ListKind::Private => "list_kind_private",
                ListKind::Members => "list_kind_members",
            };
            (k.as_str(), key)
        })
        .collect()
}

fn status_key(st: SubscriptionStatus) -> &'static str {
    match st {
        SubscriptionStatus::Confirmed => "list_status_confirmed",
        SubscriptionStatus::Pending => "list_status_pending",
        SubscriptionStatus::Unsubscribed => "list_status_unsubscribed",
    }
}

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

// ---------------------------------------------------------------------------------------------
// The lists

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

#[derive(Template)]
#[template(path = "dashboard/lists_form.html")]
struct FormPage {
    l: Layout,
    /// `None` for a new list.
    id: Option<i64>,
    form: ListInput,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
    used_by_campaigns: i64,
}

async fn form_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: Option<i64>,
    form: ListInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let path = match id {
        Some(id) => format!("/dashboard/lists/{id}/edit"),
        None => "/dashboard/lists/new".to_string(),
    };
    let used_by_campaigns = match id {
        Some(id) => {
            app.db
                .read(move |c| lists::used_by_campaigns(c, id))
                .await?
        }
        None => 0,
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let l = dash_layout(app, lang, &path, me).await?;
    let page = FormPage {
        l,
        id,
        form,
        errors,
        kinds: kinds(),
        used_by_campaigns,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let form = ListInput {
        kind: ListKind::Private.as_str().into(),
        ..Default::default()
    };
    form_page(&app, lang, &me, None, form, FormErrors::default()).await
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<ListInput>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    match app::subscriptions::create_list(&app, form.clone()).await {
        Ok(list) => Ok(
            Redirect::to(&format!("/dashboard/lists/{}?done=list_saved", list.id)).into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            form_page(&app, lang, &me, None, form, errors).await
        }
    }
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let list = app.db.read(move |c| lists::find(c, id)).await?;
    let form = ListInput {
        name: list.name,
        slug: list.slug,
        description: list.description,
        kind: list.kind.as_str().into(),
    };
    form_page(&app, lang, &me, Some(id), form, FormErrors::default()).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ListInput>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    match app::subscriptions::update_list(&app, id, form.clone()).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/dashboard/lists/{id}?done=list_saved")).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            form_page(&app, lang, &me, Some(id), form, errors).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Empty {}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    match app::subscriptions::delete_list(&app, id).await {
        Ok(()) => Ok(Redirect::to("/dashboard/lists?done=list_deleted").into_response()),
        Err(Error::Conflict(_)) => {
            Ok(Redirect::to("/dashboard/lists?done=list_delete_refused").into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

// ---------------------------------------------------------------------------------------------
// The subscribers of a list

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
    fn query(&self) -> SubscriberQuery {
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
        source: super::privacy::subscription_source(lang, &sub.source),
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

/// The two snippets that put the subscribe form on another site: the frame shows the public
/// form (every public list); the plain form subscribes to this list, in the page's language.
fn embed_snippets(app: &App, lang: Lang, list_id: i64) -> (String, String) {
    let base = app.settings.base();
    let iframe = format!(
        "<iframe src=\"{base}/newsletter/embed?lang={}\" title=\"{}\" style=\"width:100%;max-width:32rem;height:30rem;border:0\" loading=\"lazy\"></iframe>",
        lang.code(),
        html_attr(&app.settings.name)
    );
    let form = [
        format!("<form action=\"{base}/newsletter/subscribe\" method=\"post\">"),
        format!("  <input type=\"hidden\" name=\"list\" value=\"{list_id}\">"),
        format!("  <input type=\"hidden\" name=\"lang\" value=\"{}\">", lang.code()),
        format!("  <label for=\"nl-email\">{}</label>", html_attr(lang.t("email"))),
        "  <input type=\"email\" id=\"nl-email\" name=\"email\" required>".to_string(),
        format!(
            "  <label for=\"nl-name\">{}</label>",
            html_attr(lang.t("nl_sub_name_optional"))
        ),
        "  <input type=\"text\" id=\"nl-name\" name=\"name\">".to_string(),
        "  <div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><input type=\"text\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>".to_string(),
        format!("  <p>{}</p>", html_attr(lang.t("nl_sub_what_you_get"))),
        format!("  <button type=\"submit\">{}</button>", html_attr(lang.t("nl_sub_button"))),
        "</form>".to_string(),
    ]
    .join("\n");
    (iframe, form)
}

fn html_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
        source: subscriptions::source::DASHBOARD,
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

/// The subscribers that match the filter, as a CSV file for LibreOffice or Excel.
pub async fn export_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SubscribersQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let query = q.query();
    let (list, rows) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                lists::find(c, id)?,
                subscriptions::all_subscribers(c, id, &query)?,
            ))
        })
        .await?;
    let tz = app.settings.timezone;
    let at = |t: Option<chrono::NaiveDateTime>| t.map(|t| when(lang, tz, &t)).unwrap_or_default();
    let header = [
        lang.t("email"),
        lang.t("list_csv_first_name"),
        lang.t("list_csv_last_name"),
        lang.t("status"),
        lang.t("list_source"),
        lang.t("list_csv_subscribed_at"),
        lang.t("list_csv_confirmed_at"),
        lang.t("list_csv_unsubscribed_at"),
    ];
    let body = spreadsheet::csv(
        &header,
        rows.iter().map(|s| {
            let sub = &s.subscription;
            vec![
                s.email.clone().unwrap_or_default(),
                s.first_name.clone(),
                s.last_name.clone(),
                lang.t(status_key(sub.status)).to_string(),
                super::privacy::subscription_source(lang, &sub.source),
                at(Some(sub.created_at)),
                at(sub.confirmed_at),
                at(sub.unsubscribed_at),
            ]
        }),
    )?;
    Ok(spreadsheet::attachment(
        &format!("list-{}.csv", list.slug),
        body,
    ))
}
