//! The database: one connection type over SQLite and PostgreSQL, a pool, and the migrations.
//!
//! diesel is synchronous; `Db::run` moves the work to tokio's blocking threads so that the
//! async server never waits on a query.

pub mod counters;
mod insert_many;
pub mod schema;
pub mod settings;
mod text_enum;

pub use insert_many::{CHUNK, insert_many};
pub use text_enum::TextEnum;

use diesel::{
    Connection,
    connection::SimpleConnection,
    pg::PgConnection,
    r2d2::{self, ManageConnection},
    sqlite::SqliteConnection,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

/// A connection to either database. Queries written with diesel's DSL run on both; the rare
/// statement that differs (an upsert, `FOR UPDATE SKIP LOCKED`) matches on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub type PooledConn = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("the database is busy: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("the database task stopped: {0}")]
    Task(String),
}

/// Opens connections of the kind the URL names. `MultiConnection::establish` would try SQLite
/// for any string, so the choice is made here, by scheme.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        if let Some(path) = self.url.strip_prefix("sqlite://") {
            let mut conn =
                SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
            // busy_timeout first: switching to WAL can itself meet a lock held by another connection.
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .map_err(r2d2::Error::QueryError)?;
            Ok(DbConn::Sqlite(conn))
        } else {
            let mut conn =
                PgConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
            // Our queries are short: JIT compiling them costs more than it saves (a member list
            // page took 390 ms with it on tables whose statistics were not gathered yet, 14 ms
            // without).
            conn.batch_execute("SET jit = off")
                .map_err(r2d2::Error::QueryError)?;
            Ok(DbConn::Pg(conn))
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    /// Checked when a connection comes back to the pool: a lost server connection, or a
    /// transaction left open by a panic, is dropped instead of being handed out again.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Connections per process and per pool (one pool for work that may write, one for public
/// reads). SQLite serves one writer at a time anyway; PostgreSQL's limit is shared by every
/// process, so a handful each leaves room to scale out.
pub const POOL_SIZE: u32 = 8;

/// How many writing tasks may wait for the database at once. Writers queue on the database's
/// lock (SQLite's single writer, an event's row on PostgreSQL); past this many they queue here
/// instead, without holding a thread, so that a burst of registrations never takes every
/// thread from the readers of public pages.
pub const WRITERS: usize = 4;

/// The pools, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    read_pool: r2d2::Pool<Manager>,
    writers: std::sync::Arc<tokio::sync::Semaphore>,
    pub is_postgres: bool,
}

impl Db {
    /// Opens the pool (creating the SQLite file and its folder if needed).
    pub fn open(url: &str) -> Result<Db, DbError> {
        let is_postgres = !url.starts_with("sqlite://");
        if let Some(parent) = url
            .strip_prefix("sqlite://")
            .and_then(|path| std::path::Path::new(path).parent())
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbError::Open(format!("{}: {e}", parent.display())))?;
        }
        let build = || {
            r2d2::Pool::builder()
                .max_size(POOL_SIZE)
                // No `SELECT 1` before every use: a broken connection shows itself on its query.
                .test_on_check_out(false)
                .min_idle(Some(1))
                .connection_timeout(Duration::from_secs(10))
                .build(Manager {
                    url: url.to_string(),
                })
                .map_err(|e| DbError::Open(e.to_string()))
        };
        Ok(Db {
            pool: build()?,
            read_pool: build()?,
            writers: std::sync::Arc::new(tokio::sync::Semaphore::new(WRITERS)),
            is_postgres,
        })
    }

    /// A connection for synchronous code (the command line, tests).
    pub fn conn(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f`, which may write, with a connection on a blocking thread; at most `WRITERS`
    /// at once.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let _permit = self
            .writers
            .acquire()
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?;
        Self::on_thread(self.pool.clone(), f).await
    }

    /// Runs `f`, which only reads, from the readers' pool: public pages are served while
    /// writers wait for their turn. (On SQLite in WAL mode, readers never wait for writers.)
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        Self::on_thread(self.read_pool.clone(), f).await
    }

    async fn on_thread<T, E, F>(pool: r2d2::Pool<Manager>, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(DbError::Task(e.to_string())))?
    }

    /// Brings the schema up to date. Returns the names of the migrations applied.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.conn()?;
        let applied = match &mut *conn {
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(names),
            DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(names),
        };
        applied.map_err(|e| DbError::Migration(e.to_string()))
    }
}

fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    versions.iter().map(|v| v.to_string()).collect()
}

/// Runs `f` in a transaction that will write. On SQLite it begins with `BEGIN IMMEDIATE`, taking
/// the write lock at once: a transaction that reads and then writes would otherwise fail with
/// "database is locked" when another writer got in between, instead of waiting its turn. Nested
/// calls become savepoints, as with diesel's `transaction`.
pub fn transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let DbConn::Sqlite(inner) = conn else {
        return conn.transaction(f);
    };
    let depth =
        AnsiTransactionManager::transaction_manager_status_mut(inner).transaction_depth()?;
    if depth.is_some() {
        return conn.transaction(f);
    }
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <DbConn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// The current time, as stored: UTC without a zone, to the microsecond (PostgreSQL's precision).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Utc};
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// Whether an error is a unique-key violation (a double that the database refused).
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

#[cfg(test)]
mod migration_tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::{Nullable, Text};
    use diesel_migrations::MigrationHarness;

    use super::SQLITE_MIGRATIONS;

    /// Runs the migrations one by one until `version` is the next to run.
    fn migrate_until(c: &mut SqliteConnection, version: &str) {
        loop {
            let pending = c.pending_migrations(SQLITE_MIGRATIONS).unwrap();
            let next = pending.first().expect("the migration exists");
            if next.name().version().to_string() == version {
                return;
            }
            c.run_next_migration(SQLITE_MIGRATIONS).unwrap();
        }
    }

    #[derive(QueryableByName, Debug, PartialEq)]
    struct Row {
        #[diesel(sql_type = Text)]
        source: String,
        #[diesel(sql_type = Nullable<Text>)]
        source_url: Option<String>,
    }

    #[test]
    fn the_public_forms_page_moves_out_of_the_subscription_source_word() {
        let mut c = SqliteConnection::establish(":memory:").unwrap();
        migrate_until(&mut c, "20261204000003");
        c.batch_execute(
            "INSERT INTO contacts (first_name, last_name, phone, address, postal_code, city,
                 country, notes, name_key, lang, source, last_activity_at, created_at, updated_at)
             VALUES ('', '', '', '', '', '', '', '', '', 'fr', 'newsletter',
                 '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
             INSERT INTO newsletter_lists (slug, name, description, kind, created_at)
             VALUES ('lettre', 'Lettre', '', 'public', '2026-01-01 00:00:00'),
                    ('yoga', 'Yoga', '', 'public', '2026-01-01 00:00:00');",
        )
        .unwrap();
        let old = [(1, "form https://partner.example/agenda"), (2, "dashboard")];
        for (list, source) in old {
            diesel::sql_query(format!(
                "INSERT INTO subscriptions (list_id, contact_id, status, unsubscribe_token, source,
                     created_at)
                 VALUES ({list}, 1, 'confirmed', 't{list}', '{source}', '2026-01-01 00:00:00')"
            ))
            .execute(&mut c)
            .unwrap();
        }
        c.run_next_migration(SQLITE_MIGRATIONS).unwrap();
        let rows: Vec<Row> =
            diesel::sql_query("SELECT source, source_url FROM subscriptions ORDER BY id")
                .load(&mut c)
                .unwrap();
        assert_eq!(
            rows,
            [
                Row {
                    source: "form".into(),
                    source_url: Some("https://partner.example/agenda".into())
                },
                Row {
                    source: "dashboard".into(),
                    source_url: None
                },
            ]
        );
    }
}
