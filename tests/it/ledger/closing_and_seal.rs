//! Closing and the seal.

use super::*;

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
