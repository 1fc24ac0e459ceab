//! What flows in by itself.

use super::*;

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
