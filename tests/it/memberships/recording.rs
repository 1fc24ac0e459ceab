//! Recording memberships in the dashboard; The period.

use super::*;

both_backends!(async an_editor_is_refused_and_a_treasurer_records_a_membership_from_the_form);
async fn an_editor_is_refused_and_a_treasurer_records_a_membership_from_the_form(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let alice = new_contact(&server, "Alice", "Martin", "alice@example.org");
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let path = format!("/dashboard/contacts/{}/memberships", alice.id);
    let today = iso(today_paris());
    let category = normal.id.to_string();
    let form = [
        ("category_id", category.as_str()),
        ("amount", ""),
        ("paid_on", today.as_str()),
        ("payment_method", "cheque"),
        ("receipt_number", "R-2026-012"),
        ("notes", "Chèque n° 1234"),
    ];

    let editor = signed_in(&server, "ed@example.org", Role::Editor).await.0;
    for p in [
        "/dashboard/members",
        path.as_str(),
        "/dashboard/members/categories",
        "/dashboard/members/settings",
        "/dashboard/members?view=lapsed",
    ] {
        assert_eq!(
            get_page(&editor, &server, p).await.0,
            StatusCode::FORBIDDEN,
            "{p}"
        );
    }
    let (status, _, _) = post_page(&editor, &server, &path, &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(memberships_of(&server, alice.id).is_empty());

    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(&treasurer, &server, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Pas encore adhérent·e"), "{html}");
    // The fixed category proposes its amount.
    assert!(html.contains("Normale (Montant fixe (normale, réduite…), 25,00 €)"));
    // A treasurer keeps members, not the settings.
    assert_eq!(
        get_page(&treasurer, &server, "/dashboard/members/settings")
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let (status, location, _) = post_page(&treasurer, &server, &path, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}?done=saved"));
    let recorded = memberships_of(&server, alice.id);
    assert_eq!(recorded.len(), 1);
    let m = &recorded[0];
    let year = today_paris().format("%Y").to_string().parse().unwrap();
    assert_eq!(m.amount_cents, 2500, "an empty amount is the category's");
    assert_eq!((m.starts_on, m.ends_on), (d(year, 1, 1), d(year, 12, 31)));
    assert_eq!(m.payment_method, memberships::PaymentMethod::Cheque);
    assert_eq!(m.receipt_number.as_deref(), Some("R-2026-012"));
    assert_eq!(m.notes, "Chèque n° 1234");
    assert!(
        log_of(&server, alice.id)
            .iter()
            .any(|e| e.action == history::Action::Membership && e.detail.contains("added")),
        "the membership is in the person's history"
    );

    let (_, html) = get_page(&treasurer, &server, &format!("{path}?done=saved")).await;
    assert!(html.contains(&format!("31/12/{year}")), "{html}");
    assert!(html.contains("R-2026-012"));
    assert!(html.contains("Chèque"));
    server.stop().await;
}

both_backends!(async bad_amounts_and_dates_are_refused_clearly_and_nothing_is_written);
async fn bad_amounts_and_dates_are_refused_clearly_and_nothing_is_written(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let bea = new_contact(&server, "Béa", "Roux", "bea@example.org");
    let free = free_category(&server);
    let path = format!("/dashboard/contacts/{}/memberships", bea.id);
    let today = iso(today_paris());
    let category = free.id.to_string();
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;

    let cases: [(&str, &str, &str, &str); 5] = [
        ("0,50", "cash", today.as_str(), "en dessous du minimum"),
        (
            "douze",
            "cash",
            today.as_str(),
            "Écrivez un montant en euros",
        ),
        (
            "",
            "cash",
            today.as_str(),
            "cette catégorie est à prix libre",
        ),
        (
            "5",
            "",
            today.as_str(),
            "Choisissez comment la personne a payé",
        ),
        ("5", "cash", "2099-01-01", "ne peut pas être dans le futur"),
    ];
    for (amount, method, paid_on, message) in cases {
        let (status, _, html) = post_page(
            &treasurer,
            &server,
            &path,
            &[
                ("category_id", category.as_str()),
                ("amount", amount),
                ("paid_on", paid_on),
                ("payment_method", method),
                ("receipt_number", "R-7"),
            ],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{amount} {method}"
        );
        assert!(html.contains(message), "{amount}: {message}");
        assert!(html.contains("aria-invalid=\"true\""));
        // What was typed is kept.
        assert!(html.contains(&format!("name=\"amount\" value=\"{amount}\"")));
        assert!(html.contains("value=\"R-7\""));
    }
    assert!(memberships_of(&server, bea.id).is_empty());

    let token = server.token_for("script@example.org", Role::Treasurer);
    let post = |body: Value| {
        api(
            &server,
            &token,
            reqwest::Method::POST,
            "/api/v1/memberships",
            Some(body),
        )
    };
    let base = json!({"contact_id": bea.id, "category_id": free.id, "paid_on": today, "payment_method": "card"});
    let with = |extra: Value| {
        let mut body = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for (body, field) in [
        (with(json!({"amount_cents": -100})), "amount"),
        (with(json!({"amount_cents": 50})), "amount"),
        (with(json!({"amount_cents": 1_000_000_000})), "amount"),
        (
            with(json!({"amount_cents": 500, "category_id": 99999})),
            "category_id",
        ),
        (
            with(json!({"amount_cents": 500, "payment_method": "bitcoin"})),
            "payment_method",
        ),
        (
            with(json!({"amount_cents": 500, "paid_on": null})),
            "paid_on",
        ),
    ] {
        let (status, answer) = post(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            answer["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == field),
            "{answer}"
        );
    }
    let (status, _) = post(with(json!({"amount_cents": 500, "contact_id": 99999}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(json!({"contact_id": "nobody"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        memberships_of(&server, bea.id).is_empty(),
        "nothing half-written"
    );

    // A free amount at the minimum or above is fine.
    let (status, answer) = post(with(json!({"amount_cents": 100}))).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    server.stop().await;
}

both_backends!(async the_admin_sets_the_season_and_renewals_paid_early_follow_the_current_membership);
async fn the_admin_sets_the_season_and_renewals_paid_early_follow_the_current_membership(
    backend: Backend,
) {
    let (_storage, server) = start(backend).await;
    let admin = signed_in(&server, "admin@example.org", Role::Admin).await.0;
    let (status, html) = get_page(&admin, &server, "/dashboard/members/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"30,7\""), "default reminders before");
    assert!(html.contains("name=\"reminders_after\" value=\"30\""));

    let settings =
        |period: &'static str, day: &'static str, month: &'static str, before: &'static str| {
            vec![
                ("period", period),
                ("start_day", day),
                ("start_month", month),
                ("reminders_before", before),
                ("reminders_after", "30"),
            ]
        };
    let (status, _, html) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("season", "29", "2", "30,7"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("pas le 29 février"));
    let (status, _, html) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("season", "1", "9", "30,x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("value=\"30,x\""), "what was typed is kept");
    let (status, _, _) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("season", "1", "9", "7, 30"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    {
        let mut conn = server.app.db.conn().unwrap();
        let get = |c: &mut _, k| cheminement::db::settings::get(c, k).unwrap();
        assert_eq!(
            get(&mut conn, "membership_period").as_deref(),
            Some("season")
        );
        assert_eq!(
            get(&mut conn, "membership_year_start").as_deref(),
            Some("09-01")
        );
        assert_eq!(
            get(&mut conn, "membership_reminders_before").as_deref(),
            Some("30,7")
        );
        assert_eq!(
            get(&mut conn, "membership_reminders_after").as_deref(),
            Some("30")
        );
    }

    let token = server.token_for("tresor@example.org", Role::Treasurer);
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let bob = new_contact(&server, "Bob", "Durand", "bob@example.org");
    let record = |contact: i64, paid_on: &str| {
        api(
            &server,
            &token,
            reqwest::Method::POST,
            "/api/v1/memberships",
            Some(
                json!({"contact_id": contact, "category_id": normal.id, "paid_on": paid_on, "payment_method": "cash"}),
            ),
        )
    };
    let period = |v: &Value| (v["starts_on"].clone(), v["ends_on"].clone());
    let (status, first) = record(bob.id, "2024-10-01").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(period(&first), (json!("2024-09-01"), json!("2025-08-31")));
    assert_eq!(first["amount_cents"], 2500);
    // Paid in August for the coming season: starts the day after the current one ends.
    let (_, renewal) = record(bob.id, "2025-08-20").await;
    assert_eq!(period(&renewal), (json!("2025-09-01"), json!("2026-08-31")));

    // Twelve rolling months, across a leap day.
    let (status, _, _) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("rolling", "1", "9", "30,7"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cleo = new_contact(&server, "Cléo", "Faure", "cleo@example.org");
    let (_, leap) = record(cleo.id, "2024-02-29").await;
    assert_eq!(period(&leap), (json!("2024-02-29"), json!("2025-02-28")));
    let (_, early) = record(cleo.id, "2025-02-10").await;
    assert_eq!(period(&early), (json!("2025-03-01"), json!("2026-02-28")));
    // An edit of the first payment's date computes its period again; the renewal stays.
    let (status, edited) = api(
        &server,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/memberships/{}", leap["id"]),
        Some(json!({"category_id": normal.id, "paid_on": "2024-03-01", "payment_method": "cash", "amount_cents": 1000})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(period(&edited), (json!("2024-03-01"), json!("2025-02-28")));
    assert_eq!(edited["amount_cents"], 1000);
    let (_, again) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/memberships/{}", early["id"]),
        None,
    )
    .await;
    assert_eq!(period(&again), (json!("2025-03-01"), json!("2026-02-28")));
    server.stop().await;
}
