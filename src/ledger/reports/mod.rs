//! The reports of a year, summed by the database (`GROUP BY` the account, never every line
//! in memory): the trial balance (`trial_balance`) and the income statement in the layout of
//! ANC 2018-06 (`income_statement`). Validated entries only: a draft is not in the books yet.

pub mod income_statement;
pub mod trial_balance;

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::{DbConn, schema::chart_accounts};
use crate::error::Result;

/// One account's sums in a year.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Sums {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub account: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub debit_cents: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub credit_cents: i64,
}

/// The debits and credits of each account in the year's validated entries, by account
/// number. The ids are integers written into the query, nothing typed by a person.
pub fn sums(conn: &mut DbConn, year_id: i64) -> Result<Vec<Sums>> {
    let query = format!(
        "SELECT l.account_number AS account, \
                CAST(SUM(l.debit_cents) AS BIGINT) AS debit_cents, \
                CAST(SUM(l.credit_cents) AS BIGINT) AS credit_cents \
         FROM entry_lines l JOIN entries e ON e.id = l.entry_id \
         WHERE e.fiscal_year_id = {year_id} AND e.validated_at IS NOT NULL \
         GROUP BY l.account_number ORDER BY l.account_number"
    );
    Ok(diesel::sql_query(query).load(conn)?)
}

/// The labels of these accounts on a chart.
pub fn labels(
    conn: &mut DbConn,
    chart_id: i64,
    numbers: &[&str],
) -> Result<HashMap<String, String>> {
    Ok(chart_accounts::table
        .filter(chart_accounts::chart_id.eq(chart_id))
        .filter(chart_accounts::number.eq_any(numbers))
        .select((chart_accounts::number, chart_accounts::label))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
