//! The trial balance (balance générale) of a year: each account's debits, credits and
//! balance, and the totals, which are equal in balanced books.

use super::{labels, sums};
use crate::db::DbConn;
use crate::error::Result;
use crate::ledger::years::FiscalYear;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub account: String,
    pub label: String,
    pub debit_cents: i64,
    pub credit_cents: i64,
    /// Debit minus credit: above zero a debit balance, below a credit balance.
    pub balance_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialBalance {
    pub rows: Vec<Row>,
    pub debit_cents: i64,
    pub credit_cents: i64,
    /// The sum of the debit balances, and of the credit balances (as a positive amount).
    pub debit_balance_cents: i64,
    pub credit_balance_cents: i64,
}

pub fn of_year(conn: &mut DbConn, year: &FiscalYear) -> Result<TrialBalance> {
    let sums = sums(conn, year.id)?;
    let numbers: Vec<&str> = sums.iter().map(|s| s.account.as_str()).collect();
    let labels = labels(conn, year.chart_id, &numbers)?;
    let rows: Vec<Row> = sums
        .iter()
        .map(|s| Row {
            account: s.account.clone(),
            label: labels.get(&s.account).cloned().unwrap_or_default(),
            debit_cents: s.debit_cents,
            credit_cents: s.credit_cents,
            balance_cents: s.debit_cents - s.credit_cents,
        })
        .collect();
    Ok(TrialBalance {
        debit_cents: rows.iter().map(|r| r.debit_cents).sum(),
        credit_cents: rows.iter().map(|r| r.credit_cents).sum(),
        debit_balance_cents: rows.iter().map(|r| r.balance_cents.max(0)).sum(),
        credit_balance_cents: rows.iter().map(|r| (-r.balance_cents).max(0)).sum(),
        rows,
    })
}
