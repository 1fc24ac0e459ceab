//! Gapless numbers: one counter row per (series, year), taken inside the caller's transaction.
//!
//! `take` increments the row with `UPDATE ... SET next = next + 1 ... RETURNING` and answers
//! the number it held. The row lock (PostgreSQL) or the write lock taken by `BEGIN IMMEDIATE`
//! (SQLite, see `db::transaction`) makes concurrent takers wait for each other, and a rolled-back
//! transaction gives its number back: no gap, no duplicate, across any number of processes.
//! The ledger numbers its entries with it (`entry_counters`, series = the journal, year = the
//! fiscal year); documents number theirs the same way (`document_counters`).

use diesel::{QueryableByName, RunQueryDsl, sql_types::BigInt, sql_types::Text};

use super::DbConn;

/// The tables that hold counters, each with the columns `series`, `year` and `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counters {
    /// `entry_counters`: journal entries (ledger).
    Entries,
    /// `document_counters`: receipts, invoices... (documents; its table comes with them).
    Documents,
}

impl Counters {
    fn table(self) -> &'static str {
        match self {
            Counters::Entries => "entry_counters",
            Counters::Documents => "document_counters",
        }
    }
}

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = BigInt)]
    number: i64,
}

/// The next number of `series` in `year` (1 for the first), kept taken when the caller's
/// transaction commits. Call it inside that transaction, as late as possible: the counter row
/// stays locked until the commit.
pub fn take(
    conn: &mut DbConn,
    counters: Counters,
    series: &str,
    year: i64,
) -> diesel::QueryResult<i64> {
    let table = counters.table();
    let pg = matches!(conn, DbConn::Pg(_));
    let sql = |s: String| {
        if pg {
            s
        } else {
            s.replace("$1", "?").replace("$2", "?")
        }
    };
    // The row is made on first use; a concurrent maker waits, then does nothing.
    let create = sql(format!(
        "INSERT INTO {table} (series, year, next) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING"
    ));
    diesel::sql_query(create)
        .bind::<Text, _>(series)
        .bind::<BigInt, _>(year)
        .execute(conn)?;
    let bump = sql(format!(
        "UPDATE {table} SET next = next + 1 WHERE series = $1 AND year = $2 \
         RETURNING next - 1 AS number"
    ));
    let taken: Taken = diesel::sql_query(bump)
        .bind::<Text, _>(series)
        .bind::<BigInt, _>(year)
        .get_result(conn)?;
    Ok(taken.number)
}
