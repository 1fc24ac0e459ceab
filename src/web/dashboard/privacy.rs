//! What the GDPR asks, in the dashboard: a person's data in one file, erasure, the consent
//! log, the retention review.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::dash_layout;
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::Error;
use crate::members::{
    consents,
    contacts::{self, Contact},
    gdpr,
};
use crate::newsletter::subscriptions::SubscriptionSource;
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
    spreadsheet,
};
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/contacts/{id}/export", get(export_person))
        .route(
            "/dashboard/contacts/{id}/anonymize",
            get(anonymize_form).post(anonymize),
        )
        .route("/dashboard/privacy", get(review))
        .route("/dashboard/privacy/anonymize", post(anonymize_selected))
        .route("/dashboard/privacy/retention", post(set_retention))
        .route("/dashboard/privacy/consents", get(consent_log))
        .route("/dashboard/privacy/consents.csv", get(consent_log_csv))
}

/// A person's name on these pages: words for an anonymized record.
fn shown_name(lang: Lang, c: &Contact) -> String {
    if c.anonymized_at.is_some() {
        format!("{} #{}", lang.t("privacy_anonymized_name"), c.id)
    } else {
        c.display_name()
    }
}

// ---------------------------------------------------------------------------------------------
// A person's data in one file

/// `person-{id}.json`: everything held on the person; noted in their history.
pub async fn export_person(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let by = me.user.id;
    let data = app::privacy::export_person(&app, id, by).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(Error::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"person-{id}.json\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Erasure of one person

#[derive(Template)]
#[template(path = "dashboard/privacy_anonymize.html")]
struct AnonymizePage {
    l: Layout,
    id: i64,
    name: String,
    anonymized_on: Option<String>,
}

pub async fn anonymize_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let contact = app.db.read(move |c| contacts::find(c, id)).await?;
    let l = dash_layout(
        &app,
        lang,
        &format!("/dashboard/contacts/{id}/anonymize"),
        &me,
    )
    .await?;
    Ok(render(&AnonymizePage {
        id,
        name: shown_name(lang, &contact),
        anonymized_on: contact
            .anonymized_at
            .map(|t| when(lang, app.settings.timezone, &t)),
        l,
    }))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn anonymize(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let by = me.user.id;
    app::privacy::anonymize(&app, id, by).await?;
    Ok(Redirect::to(&format!("/dashboard/contacts/{id}/anonymize")).into_response())
}

// ---------------------------------------------------------------------------------------------
// The retention review

pub struct ReviewRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub last_activity: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "dashboard/privacy.html")]
struct ReviewPage {
    l: Layout,
    months: u32,
    months_typed: String,
    rows: Vec<ReviewRow>,
    can_set: bool,
    errors: FormErrors,
    notice: String,
}

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    erased: Option<usize>,
    saved: Option<String>,
}

async fn review_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    months_typed: Option<String>,
    errors: FormErrors,
    notice: String,
) -> Result<Response, PageError> {
    let today = app.today();
    let (months, people) = app
        .db
        .read(move |c| gdpr::retention_review(c, today))
        .await?;
    let tz = app.settings.timezone;
    let l = dash_layout(app, lang, "/dashboard/privacy", me).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ReviewPage {
        months,
        months_typed: months_typed.unwrap_or_else(|| months.to_string()),
        rows: people
            .iter()
            .map(|c| ReviewRow {
                id: c.id,
                name: shown_name(lang, c),
                email: c.email.clone().unwrap_or_default(),
                last_activity: when(lang, tz, &c.last_activity_at),
                checked: false,
            })
            .collect(),
        can_set: me.user.role().can(Capability::Administer),
        errors,
        notice,
        l,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn review(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<ReviewQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let notice = match (q.erased, q.saved) {
        (Some(n), _) => format!("{n} {}", lang.t("privacy_erased_count")),
        (None, Some(_)) => lang.t("privacy_setting_saved").to_string(),
        _ => String::new(),
    };
    review_page(&app, lang, &me, None, FormErrors::default(), notice).await
}

#[derive(Template)]
#[template(path = "dashboard/privacy_confirm.html")]
struct ConfirmPage {
    l: Layout,
    rows: Vec<ReviewRow>,
}

/// The ticked people: first a confirmation page listing them, then (with `confirm`) erasure,
/// all together or none.
pub async fn anonymize_selected(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let ids: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "id")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    if ids.is_empty() {
        let errors = FormErrors(vec![crate::error::FieldError {
            field: "id",
            code: "privacy_none_selected",
        }]);
        return review_page(&app, lang, &me, None, errors, String::new()).await;
    }
    if form.iter().any(|(k, v)| k == "confirm" && v == "yes") {
        let by = me.user.id;
        let n = app::privacy::anonymize_many(&app, ids, by).await?;
        return Ok(Redirect::to(&format!("/dashboard/privacy?erased={n}")).into_response());
    }
    let people = app
        .db
        .read(move |c| {
            ids.iter()
                .map(|id| contacts::find(c, *id))
                .collect::<Result<Vec<_>, Error>>()
        })
        .await?;
    let tz = app.settings.timezone;
    let l = dash_layout(&app, lang, "/dashboard/privacy", &me).await?;
    Ok(render(&ConfirmPage {
        rows: people
            .iter()
            .map(|c| ReviewRow {
                id: c.id,
                name: shown_name(lang, c),
                email: c.email.clone().unwrap_or_default(),
                last_activity: when(lang, tz, &c.last_activity_at),
                checked: true,
            })
            .collect(),
        l,
    }))
}

#[derive(Deserialize)]
pub struct RetentionForm {
    #[serde(default)]
    months: String,
}

/// The retention period: admins only.
pub async fn set_retention(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<RetentionForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let typed = form.months.clone();
    match app::privacy::set_retention_months(&app, form.months).await {
        Ok(_) => Ok(Redirect::to("/dashboard/privacy?saved=1").into_response()),
        Err(e) => {
            review_page(
                &app,
                lang,
                &me,
                Some(typed),
                FormErrors::from_error(e)?,
                String::new(),
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The consent log

const PER_PAGE: i64 = 100;

pub struct ConsentRow {
    pub when: String,
    pub contact_id: i64,
    pub name: String,
    pub kind: String,
    pub given: &'static str,
    pub source: String,
}

#[derive(Template)]
#[template(path = "dashboard/privacy_consents.html")]
struct ConsentsPage {
    l: Layout,
    rows: Vec<ConsentRow>,
    page: i64,
    pages: i64,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<i64>,
}

fn kind_words(lang: Lang, kind: consents::ConsentKind) -> String {
    match kind {
        consents::ConsentKind::Newsletter => lang.t("privacy_kind_newsletter").to_string(),
        consents::ConsentKind::Photos => lang.t("privacy_kind_photos").to_string(),
    }
}

fn consent_row(lang: Lang, tz: chrono_tz::Tz, line: &gdpr::ConsentLine) -> ConsentRow {
    ConsentRow {
        when: when(lang, tz, &line.consent.recorded_at),
        contact_id: line.contact.id,
        name: shown_name(lang, &line.contact),
        kind: kind_words(lang, line.consent.kind),
        given: if line.consent.given {
            lang.t("privacy_consent_yes")
        } else {
            lang.t("privacy_consent_no")
        },
        source: consent_source(lang, tz, &line.consent.source),
    }
}

/// Where a consent came from, in the reader's words. The sources that the code writes itself
/// (the own page, an import, a confirmation link, an unsubscribe link, the team) are stored in
/// English, in these shapes, since the first version; what a volunteer typed ("paper form")
/// shows as it was typed.
pub fn consent_source(lang: Lang, tz: chrono_tz::Tz, source: &str) -> String {
    if let Some((how, list)) = source.rsplit_once(", list ") {
        let how = consent_source(lang, tz, how);
        return lang.t_args(
            "consent_source_list",
            &[("how", how.into()), ("list", list.into())],
        );
    }
    if source == crate::web::dashboard::me::CONSENT_SOURCE {
        return lang.t("consent_source_own_page").to_string();
    }
    if source == "unsubscribe link" {
        return lang.t("consent_source_unsubscribe_link").to_string();
    }
    if source == "asked the team" {
        return lang.t("consent_source_asked_team").to_string();
    }
    if let Some(id) = source
        .strip_prefix("unsubscribe link (campaign ")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return lang.t_with("consent_source_unsubscribe_campaign", "id", id);
    }
    if let Some((file, name)) = source
        .strip_prefix("import ")
        .and_then(|rest| rest.rsplit_once(" by "))
    {
        return lang.t_args(
            "consent_source_import",
            &[("file", file.into()), ("name", name.into())],
        );
    }
    if let Some((how, at)) = source
        .strip_suffix(" UTC, confirmed by the link")
        .and_then(|rest| rest.rsplit_once(" on "))
        && let Ok(at) = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M")
    {
        let how = consent_subscription_source(lang, how);
        let at = when(lang, tz, &at);
        return lang.t_args(
            "consent_source_confirmed",
            &[("how", how.into()), ("when", at.into())],
        );
    }
    source.to_string()
}

/// The subscription's origin as a consent line wrote it (`form https://…`, `dashboard`), in
/// words; a text no origin names is shown as it is.
fn consent_subscription_source(lang: Lang, how: &str) -> String {
    let (word, url) = match how.split_once(' ') {
        Some((word, url)) => (word, Some(url)),
        None => (how, None),
    };
    match SubscriptionSource::parse(word) {
        Some(source) => subscription_source(lang, source, url),
        None => how.to_string(),
    }
}

/// Where a subscription came from, in words: the public form with the page it was on.
pub fn subscription_source(lang: Lang, source: SubscriptionSource, url: Option<&str>) -> String {
    match (source, url) {
        (SubscriptionSource::Form, Some(url)) => {
            lang.t_with("subscription_source_form", "url", url)
        }
        _ => lang
            .t(&format!("subscription_source_{}", source.as_str()))
            .to_string(),
    }
}

pub async fn consent_log(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let page = q.page.unwrap_or(1).max(1);
    let (lines, total) = app
        .db
        .read(move |c| gdpr::consent_log(c, page, PER_PAGE))
        .await?;
    let tz = app.settings.timezone;
    let l = dash_layout(&app, lang, "/dashboard/privacy/consents", &me).await?;
    Ok(render(&ConsentsPage {
        rows: lines
            .iter()
            .map(|line| consent_row(lang, tz, line))
            .collect(),
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        l,
    }))
}

pub async fn consent_log_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let lines = app.db.read(gdpr::consent_log_all).await?;
    let tz = app.settings.timezone;
    let header: Vec<&str> = [
        "privacy_consent_when",
        "privacy_consent_person",
        "export_col_email",
        "privacy_consent_kind",
        "privacy_consent_given",
        "privacy_consent_source",
    ]
    .iter()
    .map(|k| lang.t(k))
    .collect();
    let rows = lines.iter().map(|line| {
        let r = consent_row(lang, tz, line);
        vec![
            r.when,
            r.name,
            line.contact.email.clone().unwrap_or_default(),
            r.kind,
            r.given.to_string(),
            r.source,
        ]
    });
    let body = spreadsheet::csv(&header, rows)?;
    Ok(spreadsheet::attachment("consents.csv", body))
}
