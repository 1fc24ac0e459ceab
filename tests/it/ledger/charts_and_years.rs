//! Charts; Fiscal years.

use super::*;

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
