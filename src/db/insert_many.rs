//! Multi-row inserts over both databases, for the writes that come in thousands (an import).
//!
//! diesel's multi-backend connection cannot send a multi-row `INSERT` (its backend has no
//! batch syntax to offer), so the rows go to the connection underneath, in chunks: SQLite
//! binds at most 32,766 parameters per statement and PostgreSQL 65,535.

use diesel::{
    QueryResult, RunQueryDsl, Table, insertable::Insertable, pg::PgConnection,
    query_builder::InsertStatement, query_dsl::methods::ExecuteDsl, sqlite::SqliteConnection,
};

use super::DbConn;

/// Rows per statement: 500 rows of up to 20 columns stay under both databases' limits.
pub const CHUNK: usize = 500;

/// Inserts `rows` into `table`, `CHUNK` rows per statement; returns how many were inserted.
/// Each row is an `Insertable` of the table: a derived struct or a tuple of `column.eq(value)`.
pub fn insert_many<T, R>(conn: &mut DbConn, table: T, rows: Vec<R>) -> QueryResult<usize>
where
    T: Table + Copy,
    Vec<R>: Insertable<T>,
    InsertStatement<T, <Vec<R> as Insertable<T>>::Values>:
        ExecuteDsl<SqliteConnection> + ExecuteDsl<PgConnection>,
{
    let mut inserted = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<R> = rows.by_ref().take(CHUNK).collect();
        let statement = diesel::insert_into(table).values(chunk);
        inserted += match conn {
            DbConn::Sqlite(c) => statement.execute(c)?,
            DbConn::Pg(c) => statement.execute(c)?,
        };
    }
    Ok(inserted)
}
