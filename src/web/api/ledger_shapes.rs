//! The shapes the ledger API sends and reads: a fiscal year, an account, an entry with its
//! lines, and what a script posts; built from the domain's rows or turned into its input.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::TextEnum;
use crate::ledger::{self, JournalKind};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Year {
    pub id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `fr_pca_2018` or `fr_pca_2025`.
    pub chart: String,
    pub closed_at: Option<NaiveDateTime>,
    /// The last hash of the year's chain of entries, once it is closed.
    pub seal_sha256: Option<String>,
}

impl Year {
    pub fn new(year: &ledger::years::FiscalYear, chart: &str) -> Year {
        Year {
            id: year.id,
            starts_on: year.starts_on,
            ends_on: year.ends_on,
            chart: chart.to_string(),
            closed_at: year.closed_at,
            seal_sha256: year.seal_sha256.clone(),
        }
    }
}

/// A fiscal year to create. Without `chart`: PCA 2025 for a year starting in 2025 or later.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct YearInput {
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub chart: String,
}

impl From<YearInput> for ledger::years::YearInput {
    fn from(input: YearInput) -> Self {
        ledger::years::YearInput {
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            chart: input.chart,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Account {
    pub number: String,
    /// French, as the chart writes it.
    pub label: String,
    /// asset, liability, asset_or_liability, expense, income, special
    pub position: String,
    /// Added by an admin (not shipped with the chart).
    pub added: bool,
}

impl From<&ledger::charts::Account> for Account {
    fn from(a: &ledger::charts::Account) -> Self {
        Account {
            number: a.number.clone(),
            label: a.label.clone(),
            position: a.position.as_str().to_string(),
            added: a.added_by.is_some(),
        }
    }
}

/// One line: an amount in cents on one side, the other 0.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Line {
    pub account: String,
    #[serde(default)]
    pub debit_cents: i64,
    #[serde(default)]
    pub credit_cents: i64,
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// A project tag ("yoga"), empty for none.
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub label: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub year_id: i64,
    /// bank, cash, sales, purchases, misc, opening
    pub journal: String,
    /// Given at validation, continuous per journal and year; null for a draft.
    pub number: Option<i64>,
    pub on_date: NaiveDate,
    pub label: String,
    pub piece_ref: String,
    /// What booked it (`membership`...) and its id; null for an entry typed by hand.
    pub source_kind: Option<String>,
    pub source_id: Option<i64>,
    /// The entry this one reverses.
    pub reverses_id: Option<i64>,
    pub validated_at: Option<NaiveDateTime>,
    pub lines: Vec<Line>,
}

impl Entry {
    pub fn new(
        entry: &ledger::entries::Entry,
        journal: JournalKind,
        lines: &[ledger::entries::Line],
    ) -> Entry {
        Entry {
            id: entry.id,
            year_id: entry.fiscal_year_id,
            journal: journal.as_str().to_string(),
            number: entry.number,
            on_date: entry.on_date,
            label: entry.label.clone(),
            piece_ref: entry.piece_ref.clone(),
            source_kind: entry.source_kind.clone(),
            source_id: entry.source_id,
            reverses_id: entry.reverses_id,
            validated_at: entry.validated_at,
            lines: lines
                .iter()
                .map(|l| Line {
                    account: l.account_number.clone(),
                    debit_cents: l.debit_cents,
                    credit_cents: l.credit_cents,
                    contact_id: l.contact_id,
                    project: l.project.clone(),
                    label: l.label.clone(),
                })
                .collect(),
        }
    }
}

/// An entry to book: balanced lines (at least two) dated inside an open fiscal year.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct EntryInput {
    /// bank, cash, sales, purchases, misc
    pub journal: String,
    pub on_date: NaiveDate,
    pub label: String,
    #[serde(default)]
    pub piece_ref: String,
    pub lines: Vec<Line>,
    /// Keep it as a draft (no number, may still be edited) instead of validating it.
    #[serde(default)]
    pub draft: bool,
}

impl EntryInput {
    /// The domain's posting; an unknown journal is the field's mistake. The opening journal
    /// is written by the closing of a year, never by hand.
    pub fn posting(self, by: i64) -> Result<ledger::Posting, crate::error::Error> {
        let journal = JournalKind::parse(self.journal.trim())
            .filter(|j| *j != JournalKind::Opening)
            .ok_or_else(|| crate::error::Error::invalid("journal", "ledger_journal_invalid"))?;
        Ok(ledger::Posting {
            journal,
            on_date: self.on_date,
            label: self.label,
            piece_ref: self.piece_ref,
            lines: self
                .lines
                .into_iter()
                .map(|l| ledger::PostingLine {
                    account: l.account,
                    debit_cents: l.debit_cents,
                    credit_cents: l.credit_cents,
                    contact_id: l.contact_id,
                    project: l.project,
                    label: l.label,
                })
                .collect(),
            source: None,
            created_by: Some(by),
            validate: !self.draft,
        })
    }
}

/// A reversal to book.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReverseInput {
    pub on_date: NaiveDate,
    /// Why (shown in the journal).
    pub label: String,
}

/// One account of the income statement: what it brought in (income) or cost (expenses), in
/// cents, this year and the year before (0 when it had none).
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementRow {
    pub account: String,
    pub label: String,
    pub current_cents: i64,
    pub previous_cents: i64,
}

/// A part of the income statement (ANC 2018-06): `operating_income`, `operating_expenses`,
/// `financial_income`, `financial_expenses`, `exceptional_income`, `exceptional_expenses`,
/// `taxes`, `dedicated_funds_income`, `dedicated_funds_expenses`, and, outside the result,
/// `in_kind_income` (87) and `in_kind_expenses` (86).
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementSection {
    pub part: String,
    /// Whether it counts in the result (the contributions in kind do not).
    pub in_result: bool,
    pub rows: Vec<StatementRow>,
    pub current_cents: i64,
    pub previous_cents: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IncomeStatement {
    pub year: Year,
    /// The year before, when there is one (its amounts are the `previous_cents`).
    pub previous_year: Option<Year>,
    pub sections: Vec<StatementSection>,
    /// Income minus expenses, in cents (negative: a deficit).
    pub result_cents: i64,
    pub previous_result_cents: i64,
}

impl StatementSection {
    pub fn new(s: &ledger::reports::income_statement::Section) -> StatementSection {
        use ledger::reports::income_statement::Part;
        let part = match s.part {
            Part::OperatingIncome => "operating_income",
            Part::OperatingExpenses => "operating_expenses",
            Part::FinancialIncome => "financial_income",
            Part::FinancialExpenses => "financial_expenses",
            Part::ExceptionalIncome => "exceptional_income",
            Part::ExceptionalExpenses => "exceptional_expenses",
            Part::Taxes => "taxes",
            Part::DedicatedFundsIncome => "dedicated_funds_income",
            Part::DedicatedFundsExpenses => "dedicated_funds_expenses",
            Part::InKindIncome => "in_kind_income",
            Part::InKindExpenses => "in_kind_expenses",
        };
        StatementSection {
            part: part.to_string(),
            in_result: s.part.in_result(),
            rows: s
                .rows
                .iter()
                .map(|r| StatementRow {
                    account: r.account.clone(),
                    label: r.label.clone(),
                    current_cents: r.current_cents,
                    previous_cents: r.previous_cents,
                })
                .collect(),
            current_cents: s.current_cents,
            previous_cents: s.previous_cents,
        }
    }
}
