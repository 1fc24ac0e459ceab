//! The books in the dashboard (`/dashboard/books`, for `KeepBooks`): the fiscal years (and
//! creating one), the journal of a year, and the plain "we received" / "we paid" forms, where
//! a volunteer picks a category and types an amount in euros, never an account number.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use chrono::NaiveDate;
use serde::Deserialize;

use super::members::memberships::method_key;
use super::members::{day_text, money, parse_cents, parse_day};
use super::{SavedQuery, dash_layout};
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::{Error, FieldError};
use crate::i18n::Lang;
use crate::ledger::{
    categories::{self, CategoryKind},
    charts, entries,
    plain::PlainInput,
    years::{self, YearInput},
};
use crate::members::memberships::PaymentMethod;
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/books", get(years_page).post(create_year))
        .route("/dashboard/books/years/{id}", get(journal_page))
        .route("/dashboard/books/years/{id}/fec", get(fec_download))
        .route(
            "/dashboard/books/years/{id}/close",
            axum::routing::post(close_year),
        )
        .route(
            "/dashboard/books/years/{id}/{kind}",
            get(plain_form).post(record_plain),
        )
}

// ---------------------------------------------------------------------------------------------
// Fiscal years

pub struct YearRow {
    pub id: i64,
    pub period: String,
    pub chart: String,
    pub closed: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct YearForm {
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
}

#[derive(Template)]
#[template(path = "dashboard/books.html")]
struct YearsPage {
    l: Layout,
    rows: Vec<YearRow>,
    f: YearForm,
    errors: FormErrors,
    saved: bool,
}

async fn years_list(app: &App, lang: Lang) -> Result<Vec<YearRow>, Error> {
    app.db
        .read(move |c| {
            let mut rows = Vec::new();
            for y in years::all(c)?.iter().rev() {
                rows.push(YearRow {
                    id: y.id,
                    period: period(lang, y.starts_on, y.ends_on),
                    chart: charts::find(c, y.chart_id)?.name,
                    closed: y.is_closed(),
                });
            }
            Ok(rows)
        })
        .await
}

fn period(lang: Lang, starts_on: NaiveDate, ends_on: NaiveDate) -> String {
    format!(
        "{} – {}",
        day_text(lang, starts_on),
        day_text(lang, ends_on)
    )
}

async fn years_page(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let rows = years_list(&app, lang).await?;
    let l = dash_layout(&app, lang, "/dashboard/books", &me).await?;
    Ok(render(&YearsPage {
        l,
        rows,
        f: YearForm::default(),
        errors: FormErrors::default(),
        saved: q.saved.is_some(),
    }))
}

async fn create_year(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<YearForm>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let input = YearInput {
        starts_on: parse_day(&form.starts_on),
        ends_on: parse_day(&form.ends_on),
        chart: String::new(),
    };
    match app::ledger::create_year(&app, input).await {
        Ok(year) => Ok(
            Redirect::to(&format!("/dashboard/books/years/{}?saved=1", year.id)).into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let rows = years_list(&app, lang).await?;
            let l = dash_layout(&app, lang, "/dashboard/books", &me).await?;
            let page = YearsPage {
                l,
                rows,
                f: form,
                errors,
                saved: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The journal of a year

pub struct EntryRow {
    pub date: String,
    pub journal: &'static str,
    pub number: String,
    pub label: String,
    pub amount: String,
    pub reversal: bool,
}

#[derive(Template)]
#[template(path = "dashboard/books_year.html")]
struct JournalPage {
    l: Layout,
    id: i64,
    period: String,
    closed: bool,
    rows: Vec<EntryRow>,
    saved: bool,
    /// Why the closing was refused, in words.
    refused: String,
}

pub fn journal_key(kind: crate::ledger::JournalKind) -> &'static str {
    use crate::i18n::msg;
    use crate::ledger::JournalKind::*;
    match kind {
        Bank => msg("ledger_journal_bank"),
        Cash => msg("ledger_journal_cash"),
        Sales => msg("ledger_journal_sales"),
        Purchases => msg("ledger_journal_purchases"),
        Misc => msg("ledger_journal_misc"),
        Opening => msg("ledger_journal_opening"),
    }
}

async fn journal_page(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let page = journal(&app, lang, &me, id, q.saved.is_some(), String::new()).await?;
    Ok(render(&page))
}

#[derive(Deserialize, Default)]
pub struct CloseForm {
    /// "1" when the person ticked that they understand the year can no longer change.
    #[serde(default)]
    pub confirm: String,
}

async fn close_year(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CloseForm>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let refused = if form.confirm != "1" {
        lang.t("ledger_close_confirm_required").to_string()
    } else {
        match app::ledger::close_year(&app, id).await {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/dashboard/books/years/{id}?saved=1")).into_response(),
                );
            }
            Err(Error::Conflict(m)) => m.words(lang),
            Err(e) => return Err(e.into()),
        }
    };
    let page = journal(&app, lang, &me, id, false, refused).await?;
    Ok((StatusCode::CONFLICT, render(&page)).into_response())
}

async fn journal(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    saved: bool,
    refused: String,
) -> Result<JournalPage, Error> {
    let (year, rows) = app
        .db
        .read(move |c| {
            let year = years::find(c, id)?;
            let mut rows = Vec::new();
            for e in entries::of_year(c, id)? {
                let lines = entries::lines_of(c, e.id)?;
                let total: i64 = lines.iter().map(|l| l.debit_cents).sum();
                rows.push(EntryRow {
                    date: day_text(lang, e.on_date),
                    journal: journal_key(entries::journal_kind(c, e.journal_id)?),
                    number: e.number.map(|n| n.to_string()).unwrap_or_default(),
                    label: e.label.clone(),
                    amount: money(lang, total),
                    reversal: e.reverses_id.is_some(),
                });
            }
            Ok::<_, Error>((year, rows))
        })
        .await?;
    let path = format!("/dashboard/books/years/{id}");
    let l = dash_layout(app, lang, &path, me).await?;
    Ok(JournalPage {
        l,
        id,
        period: period(lang, year.starts_on, year.ends_on),
        closed: year.is_closed(),
        rows,
        saved,
        refused,
    })
}

/// The year's FEC, to save.
async fn fec_download(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let (name, body) = app
        .db
        .read(move |c| crate::ledger::fec::file(c, id))
        .await?;
    Ok(crate::web::spreadsheet::text_attachment(&name, body))
}

// ---------------------------------------------------------------------------------------------
// The plain forms

#[derive(Deserialize, Default, Clone)]
pub struct PlainForm {
    #[serde(default)]
    pub on_date: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub piece_ref: String,
}

#[derive(Template)]
#[template(path = "dashboard/books_plain.html")]
struct PlainPage {
    l: Layout,
    id: i64,
    kind: &'static str,
    title: &'static str,
    f: PlainForm,
    errors: FormErrors,
    categories: Vec<(String, String)>,
    methods: Vec<(&'static str, &'static str)>,
}

fn kind_of(word: &str) -> Result<CategoryKind, Error> {
    CategoryKind::parse(word).ok_or(Error::NotFound)
}

async fn plain_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    kind: CategoryKind,
    f: PlainForm,
    errors: FormErrors,
) -> Result<PlainPage, Error> {
    let list = app
        .db
        .read(move |c| {
            let year = years::find(c, id)?;
            categories::list(c, year.chart_id, kind)
        })
        .await?;
    let categories = list
        .iter()
        .map(|c| (c.key.clone(), lang.t(&c.message_key()).to_string()))
        .collect();
    let methods = PaymentMethod::ALL
        .iter()
        .map(|m| (m.as_str(), lang.t(method_key(*m))))
        .collect();
    let path = format!("/dashboard/books/years/{id}/{}", kind.as_str());
    let l = dash_layout(app, lang, &path, me).await?;
    Ok(PlainPage {
        l,
        id,
        kind: kind.as_str(),
        title: match kind {
            CategoryKind::Income => crate::i18n::msg("ledger_plain_income"),
            CategoryKind::Expense => crate::i18n::msg("ledger_plain_expense"),
        },
        f,
        errors,
        categories,
        methods,
    })
}

async fn plain_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path((id, kind)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let kind = kind_of(&kind)?;
    let f = PlainForm {
        on_date: app.today().format("%Y-%m-%d").to_string(),
        ..PlainForm::default()
    };
    let page = plain_page(&app, lang, &me, id, kind, f, FormErrors::default()).await?;
    Ok(render(&page))
}

async fn record_plain(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path((id, kind)): Path<(i64, String)>,
    CheckedForm(form): CheckedForm<PlainForm>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let kind = kind_of(&kind)?;
    let mut read_errors = Vec::new();
    let amount_cents = match parse_cents(&form.amount) {
        Ok(cents) => cents,
        Err(_) => {
            read_errors.push(FieldError {
                field: "amount",
                code: "ledger_amount_invalid",
            });
            None
        }
    };
    let on_date = parse_day(&form.on_date);
    let input = PlainInput {
        kind,
        on_date,
        category: form.category.clone(),
        amount_cents,
        method: form.method.clone(),
        label: form.label.clone(),
        piece_ref: form.piece_ref.clone(),
    };
    let saved = if read_errors.is_empty() {
        app::ledger::record_plain(&app, input, me.user.id).await
    } else {
        Err(Error::Invalid(Vec::new()))
    };
    match saved {
        Ok(entry) => Ok(Redirect::to(&format!(
            "/dashboard/books/years/{}?saved=1",
            entry.fiscal_year_id
        ))
        .into_response()),
        Err(e) => {
            let mut errors = FormErrors::from_error(e)?;
            errors.0.splice(0..0, read_errors);
            let page = plain_page(&app, lang, &me, id, kind, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}
