//! The books: charts of accounts shipped as data, fiscal years, journals, balanced entries in
//! integer cents, their numbering at validation, reversals, the closing of a year and its seal.
//!
//! What other modules call, always in the caller's transaction (the use case of `app/` opens
//! it; the ledger never opens its own): [`post`] (one balanced entry, once per source key),
//! [`reverse`] (the reversal of what a source booked) and [`account_for`] (the account a flow
//! goes to on a year's chart).
//!
//! The files: `charts` (the shipped charts, their mappings, accounts an admin adds),
//! `categories` (the everyday categories volunteers choose from), `years` (fiscal years and
//! journals), `lines` (the rules of a balanced entry), `plain` (the income and expense forms), `entries` (posting, validating,
//! reversing, editing drafts), `purposes` (`account_for`), `closing` (the result, the
//! carry-forward and the seal), `chain` (the canonical text of an entry and the SHA-256 chain
//! that `cheminement ledger verify` checks), `fec` (the FEC file of a year), `reports` (the
//! trial balance and the income statement, summed by the database).

pub mod categories;
pub mod chain;
pub mod charts;
pub mod closing;
pub mod entries;
pub mod fec;
pub mod lines;
pub mod plain;
pub mod purposes;
pub mod reports;
pub mod years;

pub use entries::{EntryId, Posting, SourceKey, post, reverse};
pub use lines::PostingLine;
pub use purposes::{Purpose, account_for};

use crate::db::TextEnum;

/// A journal of the books (`journals.kind`), the FEC's JournalCode in [`JournalKind::code`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum JournalKind {
    Bank,
    Cash,
    Sales,
    Purchases,
    Misc,
    /// The opening balances ("à-nouveaux"), written when the year before is closed.
    Opening,
}

impl TextEnum for JournalKind {
    const ALL: &'static [Self] = &[
        JournalKind::Bank,
        JournalKind::Cash,
        JournalKind::Sales,
        JournalKind::Purchases,
        JournalKind::Misc,
        JournalKind::Opening,
    ];

    fn as_str(self) -> &'static str {
        match self {
            JournalKind::Bank => "bank",
            JournalKind::Cash => "cash",
            JournalKind::Sales => "sales",
            JournalKind::Purchases => "purchases",
            JournalKind::Misc => "misc",
            JournalKind::Opening => "opening",
        }
    }
}

crate::stored_as_text!(JournalKind);

impl JournalKind {
    /// The journal's code, as accountants and the FEC know it.
    pub fn code(self) -> &'static str {
        match self {
            JournalKind::Bank => "BQ",
            JournalKind::Cash => "CA",
            JournalKind::Sales => "VT",
            JournalKind::Purchases => "AC",
            JournalKind::Misc => "OD",
            JournalKind::Opening => "AN",
        }
    }
}

/// Where an account stands (`chart_accounts.position`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Asset,
    Liability,
    AssetOrLiability,
    Expense,
    Income,
    /// Class headings without a side (class 8).
    Special,
}

impl TextEnum for Position {
    const ALL: &'static [Self] = &[
        Position::Asset,
        Position::Liability,
        Position::AssetOrLiability,
        Position::Expense,
        Position::Income,
        Position::Special,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Position::Asset => "asset",
            Position::Liability => "liability",
            Position::AssetOrLiability => "asset_or_liability",
            Position::Expense => "expense",
            Position::Income => "income",
            Position::Special => "special",
        }
    }
}

crate::stored_as_text!(Position);
