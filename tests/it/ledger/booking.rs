//! Entries.

use super::*;

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
