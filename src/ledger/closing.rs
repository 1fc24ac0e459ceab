//! Closing a year: its result (classes 6 and 7), the carry-forward of the balance-sheet
//! accounts (classes 1 to 5) and of the result (120 surplus, 129 deficit) into the next year's
//! opening journal, then the seal (see `chain`). After it, nothing in the year changes.

use std::collections::BTreeMap;

use diesel::prelude::*;

use super::entries::{self, Posting, SourceKey};
use super::lines::PostingLine;
use super::years::{self, FiscalYear, Lock};
use super::{JournalKind, charts};
use crate::db::{
    DbConn, now,
    schema::{entries as entries_t, entry_lines, fiscal_years},
};
use crate::error::{Error, Result};

/// The source kind of an opening entry: the year it carries forward.
pub const CARRY_FORWARD: &str = "carry_forward";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    /// Income minus expenses, in cents (negative: a deficit).
    pub result_cents: i64,
    /// The opening entry written in the next year (none when there was nothing to carry).
    pub opening_entry: Option<i64>,
    pub seal_sha256: String,
}

/// Closes a year: it must be open, have no draft left, follow a closed year (or be the first)
/// and have its next year created, which receives the opening entry.
pub fn close(conn: &mut DbConn, year_id: i64) -> Result<Closing> {
    years::lock(conn, year_id, Lock::Exclusive)?;
    let year = years::find(conn, year_id)?;
    if year.is_closed() {
        return Err(years::closed(&year));
    }
    if let Some(day) = year.starts_on.pred_opt()
        && let Some(before) = years::covering(conn, day)?
        && !before.is_closed()
    {
        return Err(Error::conflict("ledger_close_previous_open"));
    }
    let drafts: i64 = entries_t::table
        .filter(entries_t::fiscal_year_id.eq(year.id))
        .filter(entries_t::validated_at.is_null())
        .count()
        .get_result(conn)?;
    if drafts > 0 {
        return Err(Error::Conflict(
            crate::error::Message::new("ledger_close_drafts_left").with("count", drafts),
        ));
    }
    let next =
        years::next(conn, &year)?.ok_or_else(|| Error::conflict("ledger_close_no_next_year"))?;
    let balances = balances(conn, year.id)?;
    let result_cents = result_of(&balances);
    let lines = carry_forward(conn, &year, &next, &balances, result_cents)?;
    let opening_entry = if lines.is_empty() {
        None
    } else {
        Some(entries::post(
            conn,
            Posting {
                journal: JournalKind::Opening,
                on_date: next.starts_on,
                label: crate::i18n::Lang::Fr.t("ledger_opening_label").to_string(),
                piece_ref: String::new(),
                lines,
                source: Some(SourceKey::new(CARRY_FORWARD, year.id)),
                created_by: None,
                validate: true,
            },
        )?)
    };
    let seal_sha256 = super::chain::seal(conn, &year)?;
    diesel::update(
        fiscal_years::table
            .find(year.id)
            .filter(fiscal_years::closed_at.is_null()),
    )
    .set((
        fiscal_years::closed_at.eq(Some(now())),
        fiscal_years::seal_sha256.eq(Some(&seal_sha256)),
    ))
    .execute(conn)?;
    Ok(Closing {
        result_cents,
        opening_entry,
        seal_sha256,
    })
}

/// Each account's balance in a year, debit minus credit, in cents.
pub fn balances(conn: &mut DbConn, year_id: i64) -> Result<BTreeMap<String, i64>> {
    let rows: Vec<(String, i64, i64)> = entry_lines::table
        .inner_join(entries_t::table)
        .filter(entries_t::fiscal_year_id.eq(year_id))
        .select((
            entry_lines::account_number,
            entry_lines::debit_cents,
            entry_lines::credit_cents,
        ))
        .load(conn)?;
    let mut out = BTreeMap::new();
    for (account, debit, credit) in rows {
        *out.entry(account).or_insert(0) += debit - credit;
    }
    Ok(out)
}

/// Income (class 7) minus expenses (class 6), from the balances.
pub fn result_of(balances: &BTreeMap<String, i64>) -> i64 {
    balances
        .iter()
        .filter(|(account, _)| account.starts_with(['6', '7']))
        .map(|(_, balance)| -balance)
        .sum()
}

/// The opening lines of the next year: every balance-sheet account with a balance, moved to
/// the next year's chart, and the result on 120 or 129.
fn carry_forward(
    conn: &mut DbConn,
    year: &FiscalYear,
    next: &FiscalYear,
    balances: &BTreeMap<String, i64>,
    result_cents: i64,
) -> Result<Vec<PostingLine>> {
    let from = charts::find(conn, year.chart_id)?;
    let to = charts::find(conn, next.chart_id)?;
    let mut moved: BTreeMap<String, i64> = BTreeMap::new();
    for (account, balance) in balances {
        if *balance == 0 || !account.starts_with(['1', '2', '3', '4', '5']) {
            continue;
        }
        let account = charts::map_account(conn, &from, &to, account)?;
        *moved.entry(account).or_insert(0) += balance;
    }
    let mut lines: Vec<PostingLine> = moved
        .into_iter()
        .filter(|(_, b)| *b != 0)
        .map(|(account, b)| {
            if b > 0 {
                PostingLine::debit(&account, b)
            } else {
                PostingLine::credit(&account, -b)
            }
        })
        .collect();
    if result_cents > 0 {
        lines.push(PostingLine::credit("120", result_cents));
    } else if result_cents < 0 {
        lines.push(PostingLine::debit("129", -result_cents));
    }
    let debits: i64 = lines.iter().map(|l| l.debit_cents).sum();
    let credits: i64 = lines.iter().map(|l| l.credit_cents).sum();
    if debits != credits {
        // Only class 8 (contributions in kind) can leave this: 86x and 87x must match.
        return Err(Error::conflict("ledger_close_unbalanced"));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_is_income_minus_expenses() {
        let balances: BTreeMap<String, i64> = [
            ("512".to_string(), 7_000),
            ("756".to_string(), -10_000),
            ("6061".to_string(), 3_000),
        ]
        .into_iter()
        .collect();
        assert_eq!(result_of(&balances), 7_000);
        let deficit: BTreeMap<String, i64> = [("512".to_string(), -500), ("6061".to_string(), 500)]
            .into_iter()
            .collect();
        assert_eq!(result_of(&deficit), -500);
    }
}
