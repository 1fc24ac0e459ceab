//! `/api/v1/ledger/years`, `/api/v1/ledger/accounts`, `/api/v1/ledger/entries`: the books,
//! for the `KeepBooks` capability (admins and treasurers).

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use utoipa::OpenApi;

use super::ledger_shapes::{
    Account, Entry, EntryInput, IncomeStatement, Line, ReverseInput, StatementRow,
    StatementSection, Year, YearInput,
};
use super::{ApiUser, JsonBody};
use crate::accounts::Capability;
use crate::db::DbConn;
use crate::error::Error;
use crate::ledger::{charts, entries, years};
use crate::web::error_body::ErrorBody;
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/ledger/years", get(year_list).post(create_year))
        .route("/api/v1/ledger/accounts", get(account_list))
        .route("/api/v1/ledger/entries", get(entry_list).post(create_entry))
        .route("/api/v1/ledger/entries/{id}/reverse", post(reverse_entry))
        .route("/api/v1/ledger/years/{id}/close", post(close_year))
        .route("/api/v1/ledger/fec", get(fec))
        .route(
            "/api/v1/ledger/reports/income-statement",
            get(income_statement),
        )
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        year_list,
        create_year,
        close_year,
        account_list,
        entry_list,
        create_entry,
        reverse_entry,
        fec,
        income_statement
    ),
    components(schemas(
        Year,
        YearInput,
        Account,
        Entry,
        EntryInput,
        Line,
        ReverseInput,
        IncomeStatement,
        StatementSection,
        StatementRow
    ))
)]
pub struct Doc;

/// The most entries one page gives.
const MAX_LIMIT: i64 = 1000;

fn year_view(c: &mut DbConn, year: &years::FiscalYear) -> Result<Year, Error> {
    let chart = charts::find(c, year.chart_id)?;
    Ok(Year::new(year, &chart.code))
}

fn entry_view(c: &mut DbConn, id: i64) -> Result<Entry, Error> {
    let entry = entries::find(c, id)?;
    let journal = entries::journal_kind(c, entry.journal_id)?;
    let lines = entries::lines_of(c, id)?;
    Ok(Entry::new(&entry, journal, &lines))
}

/// The fiscal years, the earliest first.
#[utoipa::path(get, path = "/api/v1/ledger/years", tag = "ledger",
    responses((status = 200, body = [Year]), (status = 403, body = ErrorBody)))]
pub async fn year_list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<Year>>, Error> {
    user.require(Capability::KeepBooks)?;
    let list = app
        .db
        .read(|c| {
            years::all(c)?
                .iter()
                .map(|y| year_view(c, y))
                .collect::<Result<Vec<_>, Error>>()
        })
        .await?;
    Ok(Json(list))
}

/// Creates a fiscal year: any start, up to 24 months for the first, then following the last
/// one (or preceding the first) with no gap and no overlap, 12 months at most.
#[utoipa::path(post, path = "/api/v1/ledger/years", tag = "ledger", request_body = YearInput,
    responses((status = 201, body = Year), (status = 422, body = ErrorBody)))]
pub async fn create_year(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<YearInput>,
) -> Result<Response, Error> {
    user.require(Capability::KeepBooks)?;
    let year = app::ledger::create_year(&app, input.into()).await?;
    let view = app.db.read(move |c| year_view(c, &year)).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AccountsQuery {
    /// The accounts of that year's chart (default: the year covering today, else PCA 2025).
    pub year: Option<i64>,
}

/// The accounts of a year's chart, in the chart's order.
#[utoipa::path(get, path = "/api/v1/ledger/accounts", tag = "ledger", params(AccountsQuery),
    responses((status = 200, body = [Account]), (status = 404, body = ErrorBody)))]
pub async fn account_list(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<AccountsQuery>,
) -> Result<Json<Vec<Account>>, Error> {
    user.require(Capability::KeepBooks)?;
    let today = app.today();
    let list = app
        .db
        .read(move |c| {
            let chart_id = match q.year {
                Some(id) => years::find(c, id)?.chart_id,
                None => match years::covering(c, today)? {
                    Some(year) => year.chart_id,
                    None => charts::by_code(c, charts::PCA_2025)?.id,
                },
            };
            charts::accounts(c, chart_id)
        })
        .await?;
    Ok(Json(list.iter().map(Account::from).collect()))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct EntriesQuery {
    /// The fiscal year (default: the one covering today).
    pub year: Option<i64>,
    pub offset: Option<i64>,
    /// At most 1000; 200 by default.
    pub limit: Option<i64>,
}

/// A year's entries in the journal's order (date, then number), with their lines.
#[utoipa::path(get, path = "/api/v1/ledger/entries", tag = "ledger", params(EntriesQuery),
    responses((status = 200, body = [Entry]), (status = 404, body = ErrorBody)))]
pub async fn entry_list(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<Vec<Entry>>, Error> {
    user.require(Capability::KeepBooks)?;
    let today = app.today();
    let offset = q.offset.unwrap_or(0).max(0) as usize;
    let limit = q.limit.unwrap_or(200).clamp(1, MAX_LIMIT) as usize;
    let list = app
        .db
        .read(move |c| {
            let year = match q.year {
                Some(id) => years::find(c, id)?,
                None => years::covering(c, today)?.ok_or(Error::NotFound)?,
            };
            entries::of_year(c, year.id)?
                .iter()
                .skip(offset)
                .take(limit)
                .map(|e| entry_view(c, e.id))
                .collect::<Result<Vec<_>, Error>>()
        })
        .await?;
    Ok(Json(list))
}

/// Books an entry: validated (numbered, final) unless `draft` is true.
#[utoipa::path(post, path = "/api/v1/ledger/entries", tag = "ledger", request_body = EntryInput,
    responses((status = 201, body = Entry), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_entry(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<EntryInput>,
) -> Result<Response, Error> {
    user.require(Capability::KeepBooks)?;
    let posting = input.posting(user.0.id)?;
    let entry = app::ledger::post(&app, posting).await?;
    let view = app.db.read(move |c| entry_view(c, entry.id)).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Closes a fiscal year: computes its result, carries the balances and the result into the
/// next year's opening journal (the next year must exist), and seals it. Nothing in it changes
/// after.
#[utoipa::path(post, path = "/api/v1/ledger/years/{id}/close", tag = "ledger", params(("id" = i64, Path)),
    responses((status = 200, body = Year), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_year(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Year>, Error> {
    user.require(Capability::KeepBooks)?;
    app::ledger::close_year(&app, id).await?;
    let view = app
        .db
        .read(move |c| {
            let year = years::find(c, id)?;
            year_view(c, &year)
        })
        .await?;
    Ok(Json(view))
}

/// Corrects a validated entry by its reversal (the same lines, each on the other side), dated
/// `on_date` inside an open year. An entry is reversed once: asking again answers the same
/// reversal.
#[utoipa::path(post, path = "/api/v1/ledger/entries/{id}/reverse", tag = "ledger", params(("id" = i64, Path)),
    request_body = ReverseInput,
    responses((status = 201, body = Entry), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reverse_entry(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ReverseInput>,
) -> Result<Response, Error> {
    user.require(Capability::KeepBooks)?;
    let reversal = app::ledger::reverse(&app, id, input.on_date, input.label).await?;
    let view = app.db.read(move |c| entry_view(c, reversal.id)).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    /// The fiscal year's id (as `/api/v1/ledger/years` lists them).
    pub year: i64,
}

/// The FEC of a fiscal year (fichier des écritures comptables): its validated entries, the
/// opening journal first then in the order of validation, 18 tab-separated columns, dates
/// `AAAAMMJJ`, amounts with a comma; saved as `{SIREN}FEC{AAAAMMJJ of the year's end}.txt`
/// (the RNA when there is no SIREN).
#[utoipa::path(get, path = "/api/v1/ledger/fec", tag = "ledger", params(YearQuery),
    responses((status = 200, content_type = "text/plain; charset=utf-8", body = String),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn fec(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, Error> {
    user.require(Capability::KeepBooks)?;
    let (name, body) = app
        .db
        .read(move |c| crate::ledger::fec::file(c, q.year))
        .await?;
    Ok(crate::web::spreadsheet::text_attachment(&name, body))
}

/// The income statement of a fiscal year in the layout of ANC 2018-06 (validated entries),
/// with the year before beside it when there is one.
#[utoipa::path(get, path = "/api/v1/ledger/reports/income-statement", tag = "ledger",
    params(YearQuery),
    responses((status = 200, body = IncomeStatement), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn income_statement(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<YearQuery>,
) -> Result<Json<IncomeStatement>, Error> {
    user.require(Capability::KeepBooks)?;
    let view = app
        .db
        .read(move |c| {
            let year = years::find(c, q.year)?;
            let s = crate::ledger::reports::income_statement::of_year(c, &year)?;
            Ok::<_, Error>(IncomeStatement {
                year: year_view(c, &s.year)?,
                previous_year: match &s.previous {
                    Some(p) => Some(year_view(c, p)?),
                    None => None,
                },
                sections: s.sections.iter().map(StatementSection::new).collect(),
                result_cents: s.result_cents,
                previous_result_cents: s.previous_result_cents,
            })
        })
        .await?;
    Ok(Json(view))
}
