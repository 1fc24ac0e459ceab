//! The reports of a year in the dashboard, on screen and as CSV (`web::spreadsheet`): the
//! trial balance (`/dashboard/books/years/{id}/trial-balance`) and the income statement
//! (`/dashboard/books/years/{id}/income-statement`), each with `.csv` for the file.

use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    response::Response,
    routing::get,
};

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::i18n::{Lang, numbers::cents_text};
use crate::ledger::{
    reports::{
        income_statement::{self, IncomeStatement, Part},
        trial_balance::{self, TrialBalance},
    },
    years::{self, FiscalYear},
};
use crate::web::{
    pages::{Layout, PageError, render},
    session::SignedIn,
    spreadsheet,
};

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/dashboard/books/years/{id}/trial-balance",
            get(trial_balance_page),
        )
        .route(
            "/dashboard/books/years/{id}/trial-balance.csv",
            get(trial_balance_csv),
        )
        .route(
            "/dashboard/books/years/{id}/income-statement",
            get(income_statement_page),
        )
        .route(
            "/dashboard/books/years/{id}/income-statement.csv",
            get(income_statement_csv),
        )
}

fn period(lang: Lang, year: &FiscalYear) -> String {
    let day = |d| crate::i18n::dates::numeric_date(lang, &d);
    format!("{} – {}", day(year.starts_on), day(year.ends_on))
}

// ---------------------------------------------------------------------------------------------
// Trial balance

#[derive(Template)]
#[template(path = "dashboard/books_trial_balance.html")]
struct TrialBalancePage {
    l: Layout,
    id: i64,
    period: String,
    rows: Vec<[String; 6]>,
    totals: [String; 4],
}

async fn trial_balance(app: &App, id: i64) -> Result<(FiscalYear, TrialBalance), Error> {
    app.db
        .read(move |c| {
            let year = years::find(c, id)?;
            let tb = trial_balance::of_year(c, &year)?;
            Ok((year, tb))
        })
        .await
}

/// Account, label, debits, credits, debit balance, credit balance.
fn trial_balance_rows(lang: Lang, tb: &TrialBalance) -> Vec<[String; 6]> {
    let money = |c: i64| cents_text(lang, c);
    tb.rows
        .iter()
        .map(|r| {
            [
                r.account.clone(),
                r.label.clone(),
                money(r.debit_cents),
                money(r.credit_cents),
                if r.balance_cents > 0 {
                    money(r.balance_cents)
                } else {
                    String::new()
                },
                if r.balance_cents < 0 {
                    money(-r.balance_cents)
                } else {
                    String::new()
                },
            ]
        })
        .collect()
}

fn trial_balance_totals(lang: Lang, tb: &TrialBalance) -> [String; 4] {
    [
        tb.debit_cents,
        tb.credit_cents,
        tb.debit_balance_cents,
        tb.credit_balance_cents,
    ]
    .map(|c| cents_text(lang, c))
}

const TRIAL_BALANCE_HEADER: [&str; 6] = [
    "ledger_report_account",
    "ledger_report_label",
    "ledger_report_debit",
    "ledger_report_credit",
    "ledger_report_debit_balance",
    "ledger_report_credit_balance",
];

async fn trial_balance_page(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let (year, tb) = trial_balance(&app, id).await?;
    let path = format!("/dashboard/books/years/{id}/trial-balance");
    let l = dash_layout(&app, lang, &path, &me).await?;
    Ok(render(&TrialBalancePage {
        l,
        id,
        period: period(lang, &year),
        rows: trial_balance_rows(lang, &tb),
        totals: trial_balance_totals(lang, &tb),
    }))
}

async fn trial_balance_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let (year, tb) = trial_balance(&app, id).await?;
    let header = TRIAL_BALANCE_HEADER.map(|k| lang.t(k));
    let mut rows: Vec<Vec<String>> = trial_balance_rows(lang, &tb)
        .into_iter()
        .map(Vec::from)
        .collect();
    let [d, c, db, cb] = trial_balance_totals(lang, &tb);
    rows.push(vec![
        String::new(),
        lang.t("ledger_report_total").to_string(),
        d,
        c,
        db,
        cb,
    ]);
    let body = spreadsheet::csv(&header, rows)?;
    let name = format!("balance-{}.csv", year.ends_on.format("%Y%m%d"));
    Ok(spreadsheet::attachment(&name, body))
}

// ---------------------------------------------------------------------------------------------
// Income statement

/// One line of the statement as shown: a heading, an account, a total or a result.
pub struct StatementLine {
    /// `heading`, `account`, `total`, `result`.
    pub kind: &'static str,
    pub account: String,
    pub label: String,
    pub current: String,
    pub previous: String,
}

#[derive(Template)]
#[template(path = "dashboard/books_income_statement.html")]
struct IncomeStatementPage {
    l: Layout,
    id: i64,
    period: String,
    previous_period: String,
    has_previous: bool,
    lines: Vec<StatementLine>,
}

async fn statement(app: &App, id: i64) -> Result<IncomeStatement, Error> {
    app.db
        .read(move |c| {
            let year = years::find(c, id)?;
            income_statement::of_year(c, &year)
        })
        .await
}

/// The statement in reading order: each part's heading, accounts and total, the operating,
/// financial and exceptional results after their pair, the year's result, then the
/// contributions in kind apart.
fn statement_lines(lang: Lang, s: &IncomeStatement) -> Vec<StatementLine> {
    let money = |c: i64| cents_text(lang, c);
    let has_previous = s.previous.is_some();
    let line = |kind, account: String, label: String, current: i64, previous: i64| StatementLine {
        kind,
        account,
        label,
        current: money(current),
        previous: if has_previous {
            money(previous)
        } else {
            String::new()
        },
    };
    let mut out = Vec::new();
    let results = [
        (
            Part::OperatingExpenses,
            Part::OperatingIncome,
            "ledger_is_operating_result",
        ),
        (
            Part::FinancialExpenses,
            Part::FinancialIncome,
            "ledger_is_financial_result",
        ),
        (
            Part::ExceptionalExpenses,
            Part::ExceptionalIncome,
            "ledger_is_exceptional_result",
        ),
    ];
    for part in Part::ALL {
        if part == Part::InKindIncome {
            let (current, previous) = (s.result_cents, s.previous_result_cents);
            out.push(line(
                "result",
                String::new(),
                lang.t("ledger_is_result").to_string(),
                current,
                previous,
            ));
        }
        if let Some(section) = s.sections.iter().find(|x| x.part == part) {
            out.push(StatementLine {
                kind: "heading",
                account: String::new(),
                label: lang.t(part.message_key()).to_string(),
                current: String::new(),
                previous: String::new(),
            });
            for r in &section.rows {
                out.push(line(
                    "account",
                    r.account.clone(),
                    r.label.clone(),
                    r.current_cents,
                    r.previous_cents,
                ));
            }
            out.push(line(
                "total",
                String::new(),
                lang.t("ledger_report_total").to_string(),
                section.current_cents,
                section.previous_cents,
            ));
        }
        if let Some((_, income, key)) = results.iter().find(|(after, _, _)| *after == part) {
            let expenses = part;
            let (current, previous) = s.subtotal(*income, expenses);
            if s.sections
                .iter()
                .any(|x| x.part == *income || x.part == expenses)
            {
                out.push(line(
                    "total",
                    String::new(),
                    lang.t(key).to_string(),
                    current,
                    previous,
                ));
            }
        }
    }
    out
}

async fn income_statement_page(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let s = statement(&app, id).await?;
    let path = format!("/dashboard/books/years/{id}/income-statement");
    let l = dash_layout(&app, lang, &path, &me).await?;
    Ok(render(&IncomeStatementPage {
        l,
        id,
        period: period(lang, &s.year),
        previous_period: s
            .previous
            .as_ref()
            .map(|p| period(lang, p))
            .unwrap_or_default(),
        has_previous: s.previous.is_some(),
        lines: statement_lines(lang, &s),
    }))
}

async fn income_statement_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::KeepBooks)?;
    let s = statement(&app, id).await?;
    let current = period(lang, &s.year);
    let previous = s
        .previous
        .as_ref()
        .map(|p| period(lang, p))
        .unwrap_or_default();
    let header = [
        lang.t("ledger_report_account"),
        lang.t("ledger_report_label"),
        &current,
        &previous,
    ];
    let rows = statement_lines(lang, &s)
        .into_iter()
        .map(|l| vec![l.account, l.label, l.current, l.previous]);
    let body = spreadsheet::csv(&header, rows)?;
    let name = format!("compte-de-resultat-{}.csv", s.year.ends_on.format("%Y%m%d"));
    Ok(spreadsheet::attachment(&name, body))
}
