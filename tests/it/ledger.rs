//! The books through the application layer and the real databases: the shipped charts loaded
//! once, fiscal years and their rules, balanced entries booked once per source, numbers given
//! at validation without gap under concurrency, drafts and their audit, reversals, closing a
//! year (carry-forward, seal, nothing changes after) and `cheminement ledger verify`, and the
//! dues a membership posts.

use cheminement::accounts::Role;
use cheminement::app;
use cheminement::db::schema;
use cheminement::error::Error;
use cheminement::ledger::{
    self, JournalKind, Posting, PostingLine, SourceKey, chain, charts, closing, entries, years,
};
use cheminement::members::memberships::{MembershipInput, Source};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::common::members::*;
use crate::common::{Backend, Storage, TestServer};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn start(backend: Backend) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    (storage, server)
}

async fn year(server: &TestServer, starts_on: NaiveDate, ends_on: NaiveDate) -> years::FiscalYear {
    app::ledger::create_year(
        &server.app,
        years::YearInput {
            starts_on: Some(starts_on),
            ends_on: Some(ends_on),
            chart: String::new(),
        },
    )
    .await
    .unwrap()
}

fn posting(journal: JournalKind, on_date: NaiveDate, lines: Vec<PostingLine>) -> Posting {
    Posting {
        journal,
        on_date,
        label: "Facture EDF".into(),
        piece_ref: String::new(),
        lines,
        source: None,
        created_by: None,
        validate: true,
    }
}

fn paid(expense: &str, cents: i64) -> Vec<PostingLine> {
    vec![
        PostingLine::debit(expense, cents),
        PostingLine::credit("512", cents),
    ]
}

/// A new account of that role; its id.
fn user(server: &TestServer, email: &str, role: Role) -> i64 {
    server.create_user(email, role);
    schema::users::table
        .filter(schema::users::email.eq(email))
        .select(schema::users::id)
        .first(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

fn count_entries(server: &TestServer) -> i64 {
    schema::entries::table
        .count()
        .get_result(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

fn codes(e: &Error) -> Vec<&'static str> {
    match e {
        Error::Invalid(fields) => fields.iter().map(|f| f.code).collect(),
        Error::Conflict(m) => vec![m.key],
        other => panic!("a field mistake or a conflict was expected, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Charts

both_backends!(async the_shipped_charts_are_loaded_once_and_an_admin_adds_accounts);
async fn the_shipped_charts_are_loaded_once_and_an_admin_adds_accounts(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let mut conn = server.app.db.conn().unwrap();
    let count = |conn: &mut cheminement::db::DbConn| -> i64 {
        schema::chart_accounts::table
            .count()
            .get_result(conn)
            .unwrap()
    };
    let loaded = count(&mut conn);
    assert_eq!(loaded, 550 + 544, "both charts, whole");
    // A second start (or a second process) adds nothing.
    charts::install(&mut conn).unwrap();
    assert_eq!(count(&mut conn), loaded);
    let pca_2025 = charts::by_code(&mut conn, charts::PCA_2025).unwrap();
    let subsidies = charts::account(&mut conn, pca_2025.id, "741")
        .unwrap()
        .unwrap();
    assert_eq!(subsidies.label, "Subventions d’exploitation");
    assert!(
        charts::account(&mut conn, pca_2025.id, "740")
            .unwrap()
            .is_none()
    );

    let admin = user(&server, "admin@example.org", Role::Admin);
    let input = charts::NewAccount {
        number: "7061".into(),
        label: "Cours de yoga".into(),
        position: "income".into(),
    };
    let added = app::ledger::add_account(&server.app, pca_2025.id, input.clone(), admin)
        .await
        .unwrap();
    assert_eq!(added.number, "7061");
    assert_eq!(added.added_by, Some(admin));
    let again = app::ledger::add_account(&server.app, pca_2025.id, input, admin)
        .await
        .unwrap_err();
    assert_eq!(codes(&again), ["ledger_account_exists"]);
    let bad = charts::NewAccount {
        number: "9x".into(),
        label: String::new(),
        position: "somewhere".into(),
    };
    let bad = app::ledger::add_account(&server.app, pca_2025.id, bad, admin)
        .await
        .unwrap_err();
    assert_eq!(
        codes(&bad),
        [
            "ledger_account_number_invalid",
            "ledger_account_label_invalid",
            "ledger_account_position_invalid"
        ]
    );
    assert_eq!(count(&mut conn), loaded + 1);
    // Installing again keeps the admin's account.
    charts::install(&mut conn).unwrap();
    assert_eq!(count(&mut conn), loaded + 1);
}

// ---------------------------------------------------------------------------------------------
// Fiscal years

both_backends!(async fiscal_years_follow_each_other_and_the_first_brings_the_journals);
async fn fiscal_years_follow_each_other_and_the_first_brings_the_journals(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let create = |s: NaiveDate, e: NaiveDate| {
        app::ledger::create_year(
            &server.app,
            years::YearInput {
                starts_on: Some(s),
                ends_on: Some(e),
                chart: String::new(),
            },
        )
    };
    let too_long = create(d(2025, 9, 1), d(2027, 9, 1)).await.unwrap_err();
    assert_eq!(codes(&too_long), ["ledger_year_first_too_long"]);
    // A first year of 16 months, from a season's start.
    let first = create(d(2025, 5, 1), d(2026, 8, 31)).await.unwrap();
    let mut conn = server.app.db.conn().unwrap();
    assert_eq!(
        charts::find(&mut conn, first.chart_id).unwrap().code,
        charts::PCA_2025
    );
    let journals: Vec<String> = schema::journals::table
        .order(schema::journals::id)
        .select(schema::journals::code)
        .load(&mut conn)
        .unwrap();
    assert_eq!(journals, ["BQ", "CA", "VT", "AC", "OD", "AN"]);

    let overlap = create(d(2026, 8, 1), d(2027, 7, 31)).await.unwrap_err();
    assert_eq!(codes(&overlap), ["ledger_year_overlaps"]);
    let gap = create(d(2026, 10, 1), d(2027, 8, 31)).await.unwrap_err();
    assert_eq!(codes(&gap), ["ledger_year_gap"]);
    let long = create(d(2026, 9, 1), d(2027, 12, 31)).await.unwrap_err();
    assert_eq!(codes(&long), ["ledger_year_too_long"]);
    create(d(2026, 9, 1), d(2027, 8, 31)).await.unwrap();
    // A year before the first one, on the 2018 chart.
    let before = app::ledger::create_year(
        &server.app,
        years::YearInput {
            starts_on: Some(d(2024, 5, 1)),
            ends_on: Some(d(2025, 4, 30)),
            chart: charts::PCA_2018.into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        charts::find(&mut conn, before.chart_id).unwrap().code,
        charts::PCA_2018
    );
    assert_eq!(years::all(&mut conn).unwrap().len(), 3);
    let journals: i64 = schema::journals::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(journals, 6, "journals are made once");
}

// ---------------------------------------------------------------------------------------------
// Entries

both_backends!(async entries_are_balanced_numbered_per_journal_and_booked_once_per_source);
async fn entries_are_balanced_numbered_per_journal_and_booked_once_per_source(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let no_year = app::ledger::post(
        &server.app,
        posting(JournalKind::Bank, d(2026, 3, 1), paid("6061", 100)),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&no_year), ["ledger_date_in_no_year"]);
    year(&server, d(2026, 1, 1), d(2026, 12, 31)).await;

    let first = app::ledger::post(
        &server.app,
        posting(JournalKind::Bank, d(2026, 3, 1), paid("6061", 12_050)),
    )
    .await
    .unwrap();
    assert_eq!(first.number, Some(1));
    assert!(first.validated_at.is_some());
    let second = app::ledger::post(
        &server.app,
        posting(JournalKind::Bank, d(2026, 3, 2), paid("616", 30_000)),
    )
    .await
    .unwrap();
    assert_eq!(second.number, Some(2));
    let cash = app::ledger::post(
        &server.app,
        posting(
            JournalKind::Cash,
            d(2026, 3, 2),
            vec![
                PostingLine::debit("530", 500),
                PostingLine::credit("707", 500),
            ],
        ),
    )
    .await
    .unwrap();
    assert_eq!(cash.number, Some(1), "each journal counts from 1");

    // Bad entries: a clear mistake, nothing written.
    let before = count_entries(&server);
    let unbalanced = posting(
        JournalKind::Bank,
        d(2026, 3, 3),
        vec![
            PostingLine::debit("6061", 100),
            PostingLine::credit("512", 99),
        ],
    );
    let e = app::ledger::post(&server.app, unbalanced)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_entry_unbalanced"]);
    let e = app::ledger::post(
        &server.app,
        posting(JournalKind::Bank, d(2026, 3, 3), paid("740", 100)),
    )
    .await
    .unwrap_err();
    assert_eq!(
        codes(&e),
        ["ledger_account_unknown"],
        "740 is gone from PCA 2025"
    );
    let e = app::ledger::post(
        &server.app,
        posting(JournalKind::Bank, d(2026, 3, 3), paid("6061", -100)),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&e), ["ledger_line_negative"]);
    let mut empty = posting(JournalKind::Bank, d(2026, 3, 3), vec![]);
    empty.label = " ".into();
    let e = app::ledger::post(&server.app, empty).await.unwrap_err();
    assert_eq!(
        codes(&e),
        ["ledger_entry_label_required", "ledger_entry_too_few_lines"]
    );
    assert_eq!(count_entries(&server), before);

    // A source books once: the second call answers the first entry and writes nothing.
    let mut keyed = posting(JournalKind::Bank, d(2026, 4, 1), paid("627", 350));
    keyed.source = Some(SourceKey::new("bank_line", 88));
    let once = app::ledger::post(&server.app, keyed.clone()).await.unwrap();
    let twice = app::ledger::post(&server.app, keyed).await.unwrap();
    assert_eq!(once.id, twice.id);
    assert_eq!(once.number, Some(3));
    assert_eq!(count_entries(&server), before + 1);
    let lines = entries::lines_of(&mut server.app.db.conn().unwrap(), once.id).unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.account_number.as_str(), l.debit_cents, l.credit_cents))
            .collect::<Vec<_>>(),
        [("627", 350, 0), ("512", 0, 350)]
    );
}

both_backends!(async drafts_are_edited_with_an_audit_row_and_validated_entries_only_reversed);
async fn drafts_are_edited_with_an_audit_row_and_validated_entries_only_reversed(backend: Backend) {
    let (_storage, server) = start(backend).await;
    year(&server, d(2026, 1, 1), d(2026, 12, 31)).await;
    let treasurer = user(&server, "treasurer@example.org", Role::Treasurer);
    let mut draft = posting(JournalKind::Misc, d(2026, 5, 1), paid("6064", 1_000));
    draft.validate = false;
    let entry = app::ledger::post(&server.app, draft.clone()).await.unwrap();
    assert_eq!(entry.number, None, "a draft carries no number");

    let mut edited = draft.clone();
    edited.lines = paid("6063", 1_200);
    edited.label = "Petit matériel".into();
    let entry = app::ledger::edit_draft(&server.app, entry.id, edited, treasurer)
        .await
        .unwrap();
    assert_eq!(entry.label, "Petit matériel");
    let mut conn = server.app.db.conn().unwrap();
    let changes: Vec<(String, String)> = schema::entry_changes::table
        .filter(schema::entry_changes::entry_id.eq(entry.id))
        .select((
            schema::entry_changes::before_text,
            schema::entry_changes::after_text,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(changes.len(), 1);
    assert!(
        changes[0].0.contains("line|6064|1000|0"),
        "{}",
        changes[0].0
    );
    assert!(
        changes[0].1.contains("line|6063|1200|0"),
        "{}",
        changes[0].1
    );

    let entry = app::ledger::validate(&server.app, entry.id).await.unwrap();
    assert_eq!(entry.number, Some(1));
    let e = app::ledger::edit_draft(&server.app, entry.id, draft, treasurer)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_entry_validated"]);

    let reversal = app::ledger::reverse(&server.app, entry.id, d(2026, 6, 1), "Erreur".into())
        .await
        .unwrap();
    assert_eq!(reversal.reverses_id, Some(entry.id));
    assert_eq!(reversal.number, Some(2));
    let lines = entries::lines_of(&mut conn, reversal.id).unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.account_number.as_str(), l.debit_cents, l.credit_cents))
            .collect::<Vec<_>>(),
        [("6063", 0, 1200), ("512", 1200, 0)]
    );
    let again = app::ledger::reverse(&server.app, entry.id, d(2026, 6, 2), "Encore".into())
        .await
        .unwrap();
    assert_eq!(again.id, reversal.id, "an entry is reversed once");
    let e = app::ledger::reverse(&server.app, reversal.id, d(2026, 6, 2), "x".into())
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_reverse_reversal"]);
}

both_backends!(async two_hundred_validations_at_once_take_the_numbers_1_to_200);
async fn two_hundred_validations_at_once_take_the_numbers_1_to_200(backend: Backend) {
    let (_storage, server) = start(backend).await;
    year(&server, d(2026, 1, 1), d(2026, 12, 31)).await;
    const N: usize = 200;
    const TASKS: usize = 32;
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let app = server.app.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in (t..N).step_by(TASKS) {
                let mut p = posting(
                    JournalKind::Bank,
                    d(2026, 2, 1 + (i % 28) as u32),
                    paid("6061", 100 + i as i64),
                );
                p.source = Some(SourceKey::new("bank_line", i as i64));
                ids.push(app::ledger::post(&app, p).await.unwrap().id);
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    eprintln!(
        "ledger: {N} entries posted and validated in {TASKS} tasks on {backend:?}: {elapsed:?}"
    );
    assert_eq!(ids.len(), N);
    let mut conn = server.app.db.conn().unwrap();
    let mut numbers: Vec<Option<i64>> = schema::entries::table
        .select(schema::entries::number)
        .load(&mut conn)
        .unwrap();
    numbers.sort();
    let expected: Vec<Option<i64>> = (1..=N as i64).map(Some).collect();
    assert_eq!(numbers, expected, "exactly 1..{N}, no gap, no duplicate");

    // Drafts validated at once, in another journal: the same.
    let mut drafts = Vec::new();
    for i in 0..N {
        let mut p = posting(
            JournalKind::Purchases,
            d(2026, 3, 1),
            paid("6064", 100 + i as i64),
        );
        p.validate = false;
        drafts.push(ledger::post(&mut conn, p).unwrap());
    }
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for chunk in drafts.chunks(N.div_ceil(TASKS)) {
        let app = server.app.clone();
        let chunk = chunk.to_vec();
        tasks.push(tokio::spawn(async move {
            for id in chunk {
                app::ledger::validate(&app, id).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    eprintln!(
        "ledger: {N} drafts validated in {TASKS} tasks on {backend:?}: {:?}",
        started.elapsed()
    );
    let purchases = years::journal_id(&mut conn, JournalKind::Purchases).unwrap();
    let mut numbers: Vec<Option<i64>> = schema::entries::table
        .filter(schema::entries::journal_id.eq(purchases))
        .select(schema::entries::number)
        .load(&mut conn)
        .unwrap();
    numbers.sort();
    assert_eq!(numbers, expected);
}

// ---------------------------------------------------------------------------------------------
// Closing and the seal

both_backends!(async closing_a_year_carries_it_forward_and_seals_it);
async fn closing_a_year_carries_it_forward_and_seals_it(backend: Backend) {
    let (storage, server) = start(backend).await;
    let y1 = year(&server, d(2025, 1, 1), d(2025, 12, 31)).await;
    // Dues 100.00 in cash, energy 30.00 by bank, a bank transfer of 50.00 from cash.
    for p in [
        posting(
            JournalKind::Cash,
            d(2025, 2, 1),
            vec![
                PostingLine::debit("530", 10_000),
                PostingLine::credit("756", 10_000),
            ],
        ),
        posting(JournalKind::Bank, d(2025, 3, 1), paid("6061", 3_000)),
        posting(
            JournalKind::Misc,
            d(2025, 4, 1),
            vec![
                PostingLine::debit("512", 5_000),
                PostingLine::credit("530", 5_000),
            ],
        ),
    ] {
        app::ledger::post(&server.app, p).await.unwrap();
    }
    let e = app::ledger::close_year(&server.app, y1.id)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_close_no_next_year"]);
    let y2 = year(&server, d(2026, 1, 1), d(2026, 12, 31)).await;
    let mut draft = posting(JournalKind::Bank, d(2025, 5, 1), paid("616", 100));
    draft.validate = false;
    let draft = app::ledger::post(&server.app, draft).await.unwrap();
    let e = app::ledger::close_year(&server.app, y1.id)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_close_drafts_left"]);
    app::ledger::validate(&server.app, draft.id).await.unwrap();

    let closed = app::ledger::close_year(&server.app, y1.id).await.unwrap();
    // 100.00 - 30.00 - 1.00
    assert_eq!(closed.result_cents, 6_900);
    let mut conn = server.app.db.conn().unwrap();
    let opening = entries::find(&mut conn, closed.opening_entry.unwrap()).unwrap();
    assert_eq!(opening.fiscal_year_id, y2.id);
    assert_eq!(opening.on_date, d(2026, 1, 1));
    assert_eq!(opening.number, Some(1));
    assert_eq!(
        entries::journal_kind(&mut conn, opening.journal_id).unwrap(),
        JournalKind::Opening
    );
    let lines: Vec<(String, i64, i64)> = entries::lines_of(&mut conn, opening.id)
        .unwrap()
        .into_iter()
        .map(|l| (l.account_number, l.debit_cents, l.credit_cents))
        .collect();
    // Bank: 50.00 - 30.00 - 1.00 = 19.00; cash: 100.00 - 50.00 = 50.00; result 69.00.
    assert_eq!(
        lines,
        [
            ("512".to_string(), 1_900, 0),
            ("530".to_string(), 5_000, 0),
            ("120".to_string(), 0, 6_900),
        ]
    );
    let y1 = years::find(&mut conn, y1.id).unwrap();
    assert!(y1.is_closed());
    assert_eq!(y1.seal_sha256.as_deref(), Some(closed.seal_sha256.as_str()));

    // Nothing in a closed year changes.
    let e = app::ledger::post(
        &server.app,
        posting(JournalKind::Bank, d(2025, 6, 1), paid("616", 100)),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&e), ["ledger_year_closed"]);
    let e = app::ledger::close_year(&server.app, y1.id)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_year_closed"]);
    let e = app::ledger::reverse(&server.app, draft.id, d(2025, 6, 1), "x".into())
        .await
        .unwrap_err();
    assert_eq!(codes(&e), ["ledger_year_closed"]);
    // Its correction goes into the open year.
    let fix = app::ledger::reverse(&server.app, draft.id, d(2026, 2, 1), "Erreur".into())
        .await
        .unwrap();
    assert_eq!(fix.fiscal_year_id, y2.id);

    assert_eq!(
        chain::verify(&mut conn).unwrap(),
        chain::Verdict::Intact {
            years: 1,
            entries: 4
        }
    );
    let cli = verify_command(&storage);
    assert!(cli.status.success(), "{cli:?}");
    assert!(String::from_utf8_lossy(&cli.stdout).contains("intact"));

    // One amount changed behind the books' back breaks the chain at that entry.
    let energy: i64 = schema::entry_lines::table
        .filter(schema::entry_lines::account_number.eq("6061"))
        .select(schema::entry_lines::entry_id)
        .first(&mut conn)
        .unwrap();
    diesel::sql_query("UPDATE entry_lines SET debit_cents = 300 WHERE account_number = '6061'")
        .execute(&mut conn)
        .unwrap();
    match chain::verify(&mut conn).unwrap() {
        chain::Verdict::Broken(at) => {
            assert_eq!(at.entry_id, Some(energy));
            assert_eq!(at.journal.as_deref(), Some("BQ"));
            assert_eq!(at.number, Some(1));
        }
        other => panic!("the change must be seen, got {other:?}"),
    }
    let cli = verify_command(&storage);
    assert!(!cli.status.success());
    let said = String::from_utf8_lossy(&cli.stderr);
    assert!(said.contains(&format!("entry #{energy}")), "{said}");
}

/// Runs `cheminement ledger verify` on the test's database.
fn verify_command(storage: &Storage) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cheminement"))
        .args(["ledger", "verify"])
        .env("CHEMINEMENT_DATABASE_URL", &storage.database_url)
        .env("CHEMINEMENT_DATA_DIR", storage.data_dir())
        .env("CHEMINEMENT_BASE_URL", "http://localhost:1")
        .env("CHEMINEMENT_HANDLE", "asso")
        .env("CHEMINEMENT_NAME", "Lieu Respirer")
        .env("RUST_LOG", "error")
        .current_dir(storage.dir.path())
        .output()
        .unwrap()
}

both_backends!(async a_year_on_the_2018_chart_carries_forward_onto_the_2025_chart);
async fn a_year_on_the_2018_chart_carries_forward_onto_the_2025_chart(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let y1 = year(&server, d(2024, 1, 1), d(2024, 12, 31)).await;
    year(&server, d(2025, 1, 1), d(2025, 12, 31)).await;
    // A subsidy received (740 in 2018) and not yet paid out: on 441, a receivable.
    app::ledger::post(
        &server.app,
        posting(
            JournalKind::Misc,
            d(2024, 6, 1),
            vec![
                PostingLine::debit("441", 50_000),
                PostingLine::credit("740", 50_000),
            ],
        ),
    )
    .await
    .unwrap();
    let closed = app::ledger::close_year(&server.app, y1.id).await.unwrap();
    assert_eq!(closed.result_cents, 50_000);
    let mut conn = server.app.db.conn().unwrap();
    let lines: Vec<(String, i64, i64)> =
        entries::lines_of(&mut conn, closed.opening_entry.unwrap())
            .unwrap()
            .into_iter()
            .map(|l| (l.account_number, l.debit_cents, l.credit_cents))
            .collect();
    assert_eq!(
        lines,
        [
            ("441".to_string(), 50_000, 0),
            ("120".to_string(), 0, 50_000)
        ]
    );
    // The mapping a 2025 year uses for what it receives from 2018.
    let from = charts::by_code(&mut conn, charts::PCA_2018).unwrap();
    let to = charts::by_code(&mut conn, charts::PCA_2025).unwrap();
    assert_eq!(
        charts::map_account(&mut conn, &from, &to, "740").unwrap(),
        "741"
    );
    assert_eq!(
        charts::map_account(&mut conn, &from, &to, "6586").unwrap(),
        "6281"
    );
    assert_eq!(
        charts::map_account(&mut conn, &from, &to, "512").unwrap(),
        "512"
    );
    let _ = closing::CARRY_FORWARD;
}

// ---------------------------------------------------------------------------------------------
// What flows in by itself

fn dues_input(category_id: i64, cents: i64, paid_on: NaiveDate, method: &str) -> MembershipInput {
    MembershipInput {
        category_id,
        amount_cents: Some(cents),
        paid_on: Some(paid_on),
        payment_method: method.into(),
        ..MembershipInput::default()
    }
}

both_backends!(async a_membership_posts_its_dues_and_deleting_it_reverses_them);
async fn a_membership_posts_its_dues_and_deleting_it_reverses_them(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let today = today_paris();
    year(&server, d(today.year(), 1, 1), d(today.year(), 12, 31)).await;
    let by = user(&server, "treasurer@example.org", Role::Treasurer);
    let contact = new_contact(&server, "Awa", "Diallo", "awa@example.org");
    let category = new_category(&server, "Normale", "fixed", 2_500);
    let cheque = app::memberships::create(
        &server.app,
        contact.id,
        dues_input(category.id, 2_500, today, "cheque"),
        Source::Dashboard,
        by,
    )
    .await
    .unwrap();
    let mut conn = server.app.db.conn().unwrap();
    let entry_id = entries::booked(&mut conn, &SourceKey::new("membership", cheque.id))
        .unwrap()
        .expect("the dues are booked");
    let entry = entries::find(&mut conn, entry_id).unwrap();
    assert_eq!(entry.on_date, today);
    assert_eq!(entry.number, Some(1));
    assert_eq!(entry.label, "Cotisation Awa Diallo");
    assert_eq!(
        entries::journal_kind(&mut conn, entry.journal_id).unwrap(),
        JournalKind::Bank
    );
    let lines = entries::lines_of(&mut conn, entry_id).unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|l| (
                l.account_number.as_str(),
                l.debit_cents,
                l.credit_cents,
                l.contact_id
            ))
            .collect::<Vec<_>>(),
        [
            ("5112", 2_500, 0, Some(contact.id)),
            ("756", 0, 2_500, Some(contact.id))
        ]
    );
    // Booking it again (a retry, HelloAsso) adds nothing.
    let m = cheminement::members::memberships::find(&mut conn, cheque.id).unwrap();
    assert_eq!(
        app::memberships::book_dues(&mut conn, &m, None).unwrap(),
        Some(entry_id)
    );
    // Cash goes to the cash journal, on 530.
    let cash = app::memberships::create(
        &server.app,
        contact.id,
        dues_input(category.id, 2_500, today, "cash"),
        Source::Dashboard,
        by,
    )
    .await
    .unwrap();
    let cash_entry = entries::booked(&mut conn, &SourceKey::new("membership", cash.id))
        .unwrap()
        .unwrap();
    let cash_lines = entries::lines_of(&mut conn, cash_entry).unwrap();
    assert_eq!(cash_lines[0].account_number, "530");

    app::memberships::delete(&server.app, cheque.id, by)
        .await
        .unwrap();
    let reversal: (i64, Option<i64>) = schema::entries::table
        .filter(schema::entries::reverses_id.eq(entry_id))
        .select((schema::entries::id, schema::entries::number))
        .first(&mut conn)
        .unwrap();
    let back = entries::lines_of(&mut conn, reversal.0).unwrap();
    assert_eq!(
        back.iter()
            .map(|l| (l.account_number.as_str(), l.debit_cents, l.credit_cents))
            .collect::<Vec<_>>(),
        [("5112", 0, 2_500), ("756", 2_500, 0)]
    );
    assert_eq!(
        reversal.1,
        Some(2),
        "the reversal is numbered in the bank journal"
    );
    assert_eq!(count_entries(&server), 3);
}

both_backends!(async a_membership_with_no_fiscal_year_is_recorded_and_posts_nothing);
async fn a_membership_with_no_fiscal_year_is_recorded_and_posts_nothing(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let by = user(&server, "treasurer@example.org", Role::Treasurer);
    let contact = new_contact(&server, "Awa", "Diallo", "awa@example.org");
    let category = new_category(&server, "Normale", "fixed", 2_500);
    let m = app::memberships::create(
        &server.app,
        contact.id,
        dues_input(category.id, 2_500, today_paris(), "transfer"),
        Source::Dashboard,
        by,
    )
    .await
    .unwrap();
    assert_eq!(memberships_of(&server, contact.id).len(), 1);
    assert_eq!(count_entries(&server), 0);
    // And deleting it has nothing to reverse.
    app::memberships::delete(&server.app, m.id, by)
        .await
        .unwrap();
    assert_eq!(count_entries(&server), 0);
}

// ---------------------------------------------------------------------------------------------
// The API

async fn api(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (reqwest::StatusCode, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

both_backends!(async the_api_creates_years_lists_accounts_and_books_entries);
async fn the_api_creates_years_lists_accounts_and_books_entries(backend: Backend) {
    use reqwest::{Method, StatusCode};
    use serde_json::json;
    let (_storage, server) = start(backend).await;
    let token = server.token_for("treasurer@example.org", Role::Treasurer);
    let editor = server.token_for("editor@example.org", Role::Editor);
    let (status, _) = api(&server, &editor, Method::GET, "/api/v1/ledger/years", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, year) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/years",
        Some(json!({"starts_on": "2026-09-01", "ends_on": "2027-08-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{year}");
    assert_eq!(year["chart"], "fr_pca_2025");
    let (status, gap) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/years",
        Some(json!({"starts_on": "2027-10-01", "ends_on": "2028-08-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(gap["fields"][0]["code"], "ledger_year_gap");
    let (_, years) = api(&server, &token, Method::GET, "/api/v1/ledger/years", None).await;
    assert_eq!(years.as_array().unwrap().len(), 1);

    let path = format!("/api/v1/ledger/accounts?year={}", year["id"]);
    let (status, accounts) = api(&server, &token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 544);
    assert!(accounts.iter().any(|a| a["number"] == "6281"));

    let entry = json!({
        "journal": "bank",
        "on_date": "2026-10-05",
        "label": "Facture EDF",
        "lines": [
            {"account": "6061", "debit_cents": 8_990},
            {"account": "512", "credit_cents": 8_990}
        ]
    });
    let (status, booked) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(entry),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    assert_eq!(booked["number"], 1);
    assert_eq!(booked["lines"][0]["debit_cents"], 8_990);
    let unbalanced = json!({
        "journal": "bank",
        "on_date": "2026-10-05",
        "label": "Facture EDF",
        "lines": [
            {"account": "6061", "debit_cents": 8_990},
            {"account": "512", "credit_cents": 8_000}
        ]
    });
    let (status, refused) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(unbalanced),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["fields"][0]["code"], "ledger_entry_unbalanced");
    let opening = json!({
        "journal": "opening", "on_date": "2026-10-05", "label": "x",
        "lines": [{"account": "512", "debit_cents": 1}, {"account": "110", "credit_cents": 1}]
    });
    let (status, _) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(opening),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the opening journal is the closing's"
    );

    let path = format!("/api/v1/ledger/entries?year={}", year["id"]);
    let (status, listed) = api(&server, &token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["journal"], "bank");

    let path = format!("/api/v1/ledger/entries/{}/reverse", booked["id"]);
    let body = json!({"on_date": "2026-10-06", "label": "Erreur de saisie"});
    let (status, reversal) = api(&server, &token, Method::POST, &path, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{reversal}");
    assert_eq!(reversal["reverses_id"], booked["id"]);
    assert_eq!(reversal["lines"][0]["credit_cents"], 8_990);
    let path = format!("/api/v1/ledger/years/{}/close", year["id"]);
    let (status, refused) = api(&server, &token, Method::POST, &path, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "no next year yet: {refused}");
    let (status, _) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/years",
        Some(json!({"starts_on": "2027-09-01", "ends_on": "2028-08-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, closed) = api(&server, &token, Method::POST, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["seal_sha256"].as_str().unwrap().len(), 64);

    let (_, doc) = api(&server, &token, Method::GET, "/api/openapi.json", None).await;
    for path in [
        "/api/v1/ledger/years",
        "/api/v1/ledger/accounts",
        "/api/v1/ledger/entries",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} is in the OpenAPI document"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The dashboard

both_backends!(async a_treasurer_creates_a_year_and_books_an_expense_by_category_in_euros);
async fn a_treasurer_creates_a_year_and_books_an_expense_by_category_in_euros(backend: Backend) {
    use crate::common::signed_in;
    use reqwest::StatusCode;
    let (_storage, server) = start(backend).await;
    let (editor, _) = signed_in(&server, "editor@example.org", Role::Editor).await;
    let (status, _) = get_page(&editor, &server, "/dashboard/books").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (client, _) = signed_in(&server, "treasurer@example.org", Role::Treasurer).await;
    let (status, page) = get_page(&client, &server, "/dashboard/books").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Aucun exercice"), "{page}");
    let (status, _, page) = post_page(
        &client,
        &server,
        "/dashboard/books",
        &[("starts_on", "2026-09-01"), ("ends_on", "2028-09-30")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("24 mois"), "the mistake is shown: {page}");
    assert!(page.contains("2028-09-30"), "what was typed is kept");
    let (status, location, _) = post_page(
        &client,
        &server,
        "/dashboard/books",
        &[("starts_on", "2026-09-01"), ("ends_on", "2027-08-31")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let year_path = location.split('?').next().unwrap().to_string();

    let (status, form) = get_page(&client, &server, &format!("{year_path}/expense")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("Énergie et eau"),
        "categories by name, no account number"
    );
    assert!(!form.contains("6061"));

    let fields = |amount: &'static str| {
        vec![
            ("on_date", "2026-10-05"),
            ("category", "energy"),
            ("amount", amount),
            ("method", "transfer"),
            ("label", "Facture EDF octobre"),
        ]
    };
    let (status, _, page) = post_page(
        &client,
        &server,
        &format!("{year_path}/expense"),
        &fields("12,5x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("par exemple 12,50"), "{page}");
    assert!(
        page.contains("Facture EDF octobre"),
        "what was typed is kept"
    );
    assert_eq!(count_entries(&server), 0);

    let (status, location, _) = post_page(
        &client,
        &server,
        &format!("{year_path}/expense"),
        &fields("12,50"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with(&year_path));
    let mut conn = server.app.db.conn().unwrap();
    let entry: i64 = schema::entries::table
        .select(schema::entries::id)
        .first(&mut conn)
        .unwrap();
    let lines: Vec<(String, i64, i64)> = entries::lines_of(&mut conn, entry)
        .unwrap()
        .into_iter()
        .map(|l| (l.account_number, l.debit_cents, l.credit_cents))
        .collect();
    assert_eq!(
        lines,
        [
            ("6061".to_string(), 1_250, 0),
            ("512".to_string(), 0, 1_250)
        ]
    );
    let (_, journal) = get_page(&client, &server, &year_path).await;
    assert!(journal.contains("Facture EDF octobre"));
    assert!(journal.contains("12,50"), "{journal}");

    // Closing: a box to tick, the next year first, then sealed.
    let close = format!("{year_path}/close");
    let (status, _, page) = post_page(&client, &server, &close, &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Cochez la case"), "{page}");
    let (status, _, page) = post_page(&client, &server, &close, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Créez l’exercice suivant"), "{page}");
    post_page(
        &client,
        &server,
        "/dashboard/books",
        &[("starts_on", "2027-09-01"), ("ends_on", "2028-08-31")],
    )
    .await;
    let (status, _, _) = post_page(&client, &server, &close, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, journal) = get_page(&client, &server, &year_path).await;
    assert!(journal.contains("Clôturé et scellé"));
    assert!(
        !journal.contains("/expense\""),
        "no more forms for a closed year"
    );
    assert_eq!(
        chain::verify(&mut conn).unwrap(),
        chain::Verdict::Intact {
            years: 1,
            entries: 1
        }
    );
}

both_backends!(async the_same_source_posted_at_once_from_many_tasks_is_booked_once);
async fn the_same_source_posted_at_once_from_many_tasks_is_booked_once(backend: Backend) {
    let (_storage, server) = start(backend).await;
    year(&server, d(2026, 1, 1), d(2026, 12, 31)).await;
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let app = server.app.clone();
        tasks.push(tokio::spawn(async move {
            let mut p = posting(JournalKind::Bank, d(2026, 5, 1), paid("627", 420));
            p.source = Some(SourceKey::new("helloasso_payment", 123));
            app::ledger::post(&app, p).await.unwrap().id
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every caller is answered the one entry");
    assert_eq!(count_entries(&server), 1);
}

both_backends!(async correcting_a_memberships_amount_reverses_its_dues_and_books_them_again);
async fn correcting_a_memberships_amount_reverses_its_dues_and_books_them_again(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let today = today_paris();
    year(&server, d(today.year(), 1, 1), d(today.year(), 12, 31)).await;
    let by = user(&server, "treasurer@example.org", Role::Treasurer);
    let contact = new_contact(&server, "Awa", "Diallo", "awa@example.org");
    let category = new_category(&server, "Libre", "free", 0);
    let m = app::memberships::create(
        &server.app,
        contact.id,
        dues_input(category.id, 2_500, today, "cheque"),
        Source::Dashboard,
        by,
    )
    .await
    .unwrap();
    let mut conn = server.app.db.conn().unwrap();
    let key = SourceKey::new("membership", m.id);
    let first = entries::booked(&mut conn, &key).unwrap().unwrap();

    // The amount typed was wrong, and it came by transfer: the first entry is reversed, the
    // right one booked; a validated entry was never edited.
    app::memberships::update(
        &server.app,
        m.id,
        dues_input(category.id, 3_000, today, "transfer"),
        by,
    )
    .await
    .unwrap();
    let second = entries::booked(&mut conn, &key)
        .unwrap()
        .expect("booked again");
    assert_ne!(second, first);
    let lines = |conn: &mut _, id| {
        entries::lines_of(conn, id)
            .unwrap()
            .iter()
            .map(|l| (l.account_number.clone(), l.debit_cents, l.credit_cents))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lines(&mut conn, first),
        [
            ("5112".to_string(), 2_500, 0),
            ("756".to_string(), 0, 2_500)
        ]
    );
    assert_eq!(
        lines(&mut conn, second),
        [("512".to_string(), 3_000, 0), ("756".to_string(), 0, 3_000)]
    );
    let reversal: i64 = schema::entries::table
        .filter(schema::entries::reverses_id.eq(first))
        .select(schema::entries::id)
        .first(&mut conn)
        .unwrap();
    assert_eq!(
        lines(&mut conn, reversal),
        [
            ("5112".to_string(), 0, 2_500),
            ("756".to_string(), 2_500, 0)
        ]
    );
    assert_eq!(count_entries(&server), 3);

    // An edit that changes nothing the books hold (the notes) books nothing.
    let mut notes_only = dues_input(category.id, 3_000, today, "transfer");
    notes_only.notes = "payé au forum".into();
    app::memberships::update(&server.app, m.id, notes_only, by)
        .await
        .unwrap();
    assert_eq!(count_entries(&server), 3);
    // Booking it again (a retry) answers the live entry; deleting reverses that one.
    let now = cheminement::members::memberships::find(&mut conn, m.id).unwrap();
    assert_eq!(
        app::memberships::book_dues(&mut conn, &now, None).unwrap(),
        Some(second)
    );
    app::memberships::delete(&server.app, m.id, by)
        .await
        .unwrap();
    assert_eq!(entries::booked(&mut conn, &key).unwrap(), None);
    assert_eq!(count_entries(&server), 4);
}
