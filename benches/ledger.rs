//! The books with 100,000 journal lines in one fiscal year (50,000 balanced entries over the
//! bank, cash and miscellaneous journals): the time of the income statement (target: under
//! 100 ms), of the trial balance, and of the FEC export (target: under 2 s), each the median of
//! 5 runs. Domain calls on the database, no server.
//!
//! Run by hand: `cargo bench --locked --bench ledger` (SQLite); add
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` for PostgreSQL too (a database
//! is made for the run and dropped after it). Prints figures.
//!
//! Measured 2026-12-04, release build, this 2-core machine shared with two other builds:
//! SQLite: income statement 45 ms, trial balance 47 ms, FEC 219 ms (10.4 MB); PostgreSQL
//! on loopback: 60 ms, 59 ms, 281 ms.

use std::time::{Duration, Instant};

use cheminement::db::{Db, schema::journals};
use cheminement::ledger::{
    JournalKind, charts, fec,
    reports::{income_statement, trial_balance},
    years::{self, YearInput},
};
use chrono::NaiveDate;
use diesel::prelude::*;

const ENTRIES: usize = 50_000;
const RUNS: usize = 5;

fn main() {
    cheminement::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("bench.sqlite").display());
    run("SQLite", &sqlite);
    if let Ok(admin) = std::env::var("BENCH_DATABASE_URL") {
        let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
        let mut conn = diesel::PgConnection::establish(&admin).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .unwrap();
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&format!("/{name}"));
        run("PostgreSQL", url.as_str());
        diesel::sql_query(format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&mut conn)
            .unwrap();
    }
}

fn run(backend: &str, url: &str) {
    let db = Db::open(url).unwrap();
    db.migrate().unwrap();
    let mut conn = db.conn().unwrap();
    charts::install(&mut conn).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let year = years::create(
        &mut conn,
        &YearInput {
            starts_on: Some(day(1, 1)),
            ends_on: Some(day(12, 31)),
            chart: String::new(),
        },
    )
    .unwrap();
    let t0 = Instant::now();
    seed(&mut conn, year.id);
    println!(
        "{backend}: seeded {ENTRIES} entries, {} lines, in {:?}",
        ENTRIES * 2,
        t0.elapsed()
    );

    let statement = median(|| {
        let s = income_statement::of_year(&mut conn, &year).unwrap();
        assert!(!s.sections.is_empty());
    });
    let balance = median(|| {
        let tb = trial_balance::of_year(&mut conn, &year).unwrap();
        assert_eq!(tb.debit_cents, tb.credit_cents);
    });
    let mut size = 0;
    let export = median(|| {
        let mut out = Vec::with_capacity(16 << 20);
        let lines = fec::write(&mut conn, &year, &mut out).unwrap();
        assert_eq!(lines as usize, ENTRIES * 2);
        size = out.len();
    });
    println!(
        "{backend}: income statement {statement:?} (target 100 ms), trial balance {balance:?}, \
         FEC export {export:?} for {} KB (target 2 s)",
        size / 1024
    );
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// Writes the entries straight into the tables, validated and numbered per journal, in one
/// transaction of multi-row inserts (the ledger's own checks would take minutes here).
fn seed(conn: &mut cheminement::db::DbConn, year_id: i64) {
    let journal = |conn: &mut cheminement::db::DbConn, kind: JournalKind| -> i64 {
        journals::table
            .filter(journals::kind.eq(kind))
            .select(journals::id)
            .first(conn)
            .unwrap()
    };
    let kinds = [JournalKind::Bank, JournalKind::Cash, JournalKind::Misc];
    let ids: Vec<i64> = kinds.iter().map(|k| journal(conn, *k)).collect();
    // (debit, credit, cents) by the entry's place.
    const SHAPES: [(&str, &str); 6] = [
        ("512", "756"),
        ("6061", "512"),
        ("530", "7541"),
        ("616", "512"),
        ("512", "706"),
        ("627", "512"),
    ];
    cheminement::db::transaction(conn, |c| {
        let mut numbers = [0i64; 3];
        for chunk in 0..ENTRIES / 500 {
            let mut entries = Vec::new();
            let mut lines = Vec::new();
            for i in chunk * 500..(chunk + 1) * 500 {
                let j = i % 3;
                numbers[j] += 1;
                let id = i + 1;
                let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                    + chrono::Days::new((i * 365 / ENTRIES) as u64);
                entries.push(format!(
                    "({id}, {year_id}, {}, {}, '{date}', 'Pièce {id}', 'F{id}', \
                     '2026-01-01 00:00:00', '2026-01-01 00:00:{:02}.{:06}')",
                    ids[j],
                    numbers[j],
                    (i / 1_000_000) % 60,
                    i % 1_000_000
                ));
                let (debit, credit) = SHAPES[i % SHAPES.len()];
                let cents = 1_000 + (i as i64 * 37) % 50_000;
                lines.push(format!("({id}, '{debit}', {cents}, 0, '', '')"));
                lines.push(format!("({id}, '{credit}', 0, {cents}, '', '')"));
            }
            diesel::sql_query(format!(
                "INSERT INTO entries (id, fiscal_year_id, journal_id, number, on_date, label, \
                 piece_ref, created_at, validated_at) VALUES {}",
                entries.join(", ")
            ))
            .execute(c)?;
            diesel::sql_query(format!(
                "INSERT INTO entry_lines (entry_id, account_number, debit_cents, credit_cents, \
                 project, label) VALUES {}",
                lines.join(", ")
            ))
            .execute(c)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
}
