//! Creating, and bad input; The list: search, filters, pages.

use super::*;

both_backends!(async a_new_contact_with_a_bad_email_gets_a_field_error_and_nothing_is_saved);
async fn a_new_contact_with_a_bad_email_gets_a_field_error_and_nothing_is_saved(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;

    let (status, form) = page(&client, &server, "/dashboard/contacts/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("name=\"first_name\""));

    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/new",
        &[
            ("first_name", "Jeanne"),
            ("last_name", "Martin"),
            ("email", "jeanne(at)example.org"),
            ("city", "Lyon"),
            ("lang", "fr"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(
        html.contains(&fr("email_invalid")),
        "the email's mistake is said"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("value=\"jeanne(at)example.org\""),
        "what was typed stays"
    );
    assert!(html.contains("value=\"Lyon\""));
    assert_eq!(contact_count(&server), 0, "nothing was saved");

    // Neither name nor address: one clear mistake, still nothing saved.
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/new",
        &[("city", "Lyon")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains(&fr("name_or_email_required"))
    );
    assert_eq!(contact_count(&server), 0);

    // The API says the same, as JSON.
    let token = server.token_for("script@example.org", Role::Admin);
    let (status, body) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"last_name": "Martin", "email": "not an address"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "email");
    assert_eq!(body["fields"][0]["code"], "email_invalid");
    assert_eq!(contact_count(&server), 0);

    // A good one is made, and its page opens.
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/new",
        &[
            ("first_name", "Jeanne"),
            ("last_name", "Martin"),
            ("email", "Jeanne@Example.org"),
            ("birth_date", "1980-05-17"),
            ("lang", "fr"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let to = location(&answer);
    assert!(to.starts_with("/dashboard/contacts/"), "{to}");
    let (status, html) = page(&client, &server, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Jeanne Martin"));
    assert!(html.contains(&fr("saved")));
    let found = contacts::find_by_email(&mut conn(&server), "jeanne@example.org")
        .unwrap()
        .expect("saved");
    assert_eq!(found.birth_date.unwrap().to_string(), "1980-05-17");
    assert_eq!(found.source, contacts::Source::Dashboard);
}

both_backends!(async the_search_box_finds_elodie_by_elodie_and_by_email_phone_or_town);
async fn the_search_box_finds_elodie_by_elodie_and_by_email_phone_or_town(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    let elodie = add_full_contact(
        &server,
        ContactInput {
            first_name: "Élodie".into(),
            last_name: "Dupont-Lefèvre".into(),
            email: "elo.dupont@example.org".into(),
            phone: "06 12 34 56 78".into(),
            city: "Besançon".into(),
            ..Default::default()
        },
    );
    let marc = add_full_contact(
        &server,
        ContactInput {
            first_name: "Marc".into(),
            last_name: "Petit".into(),
            email: "marc@example.net".into(),
            phone: "07 00 00 00 01".into(),
            city: "Lyon".into(),
            ..Default::default()
        },
    );

    for (q, expected) in [
        ("elodie", vec![elodie.id]),
        ("ELODIE dupont", vec![elodie.id]),
        ("lefevre", vec![elodie.id]),
        ("dupont elodie", vec![elodie.id]),
        ("elo.dupont@", vec![elodie.id]),
        ("0612345678", vec![elodie.id]),
        ("06 12 34", vec![elodie.id]),
        ("lyon", vec![marc.id]),
        ("example", vec![elodie.id, marc.id]),
        ("zoé", vec![]),
        ("100%", vec![]),
    ] {
        let url = format!("/dashboard/contacts?q={}", urlencode(q));
        let (status, html) = page(&client, &server, &url).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        let mut ids = listed_ids(&html);
        ids.sort();
        assert_eq!(ids, expected, "searching {q:?}");
    }
    let (_, html) = page(&client, &server, "/dashboard/contacts?q=elodie").await;
    assert!(html.contains("Élodie Dupont-Lefèvre"));
    assert!(html.contains(&format!("href=\"/dashboard/contacts/{}\"", elodie.id)));
    assert!(
        html.contains("value=\"elodie\""),
        "the search box keeps what was typed"
    );
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

both_backends!(async filters_by_tag_group_email_bounce_and_newsletter_consent);
async fn filters_by_tag_group_email_bounce_and_newsletter_consent(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "admin@example.org", Role::Admin).await;
    let a = add_contact(&server, "Anne", "Aubert", "anne@example.org");
    let b = add_contact(&server, "Bruno", "Blanc", "bruno@example.org");
    let c = add_contact(&server, "Chloé", "Colin", "");
    let d = add_contact(&server, "David", "Durand", "david@example.org");
    {
        let mut db = conn(&server);
        let volunteer = tags::create(&mut db, &tag_input("Bénévole", "tag")).unwrap();
        let board = tags::create(&mut db, &tag_input("Bureau", "group")).unwrap();
        tags::set_for(&mut db, a.id, &[volunteer.id, board.id]).unwrap();
        tags::set_for(&mut db, c.id, &[volunteer.id]).unwrap();
        tags::set_for(&mut db, d.id, &[board.id]).unwrap();
        mark_bounced(&mut db, b.id);
        consents::record(
            &mut db,
            a.id,
            consents::ConsentKind::Newsletter,
            true,
            "paper form",
            None,
        )
        .unwrap();
        consents::record(
            &mut db,
            d.id,
            consents::ConsentKind::Newsletter,
            true,
            "web form",
            None,
        )
        .unwrap();
        // Withdrawn later: no longer counts.
        consents::record(
            &mut db,
            d.id,
            consents::ConsentKind::Newsletter,
            false,
            "mail",
            None,
        )
        .unwrap();
        consents::record(
            &mut db,
            b.id,
            consents::ConsentKind::Photos,
            true,
            "paper form",
            None,
        )
        .unwrap();
    }
    let volunteer = tags::find_by_name(&mut conn(&server), "bénévole")
        .unwrap()
        .unwrap();
    let board = tags::find_by_name(&mut conn(&server), "BUREAU")
        .unwrap()
        .unwrap();

    for (query, expected) in [
        (format!("tag={}", volunteer.id), vec![a.id, c.id]),
        (format!("group={}", board.id), vec![a.id, d.id]),
        (
            format!("tag={}&group={}", volunteer.id, board.id),
            vec![a.id],
        ),
        ("has_email=1".to_string(), vec![a.id, b.id, d.id]),
        ("bounced=1".to_string(), vec![b.id]),
        ("consent=1".to_string(), vec![a.id]),
        ("has_email=1&q=durand".to_string(), vec![d.id]),
        (String::new(), vec![a.id, b.id, c.id, d.id]),
    ] {
        let (status, html) = page(&client, &server, &format!("/dashboard/contacts?{query}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(listed_ids(&html), expected, "filter {query:?}");
    }
    // The filters show what is chosen.
    let (_, html) = page(&client, &server, "/dashboard/contacts?bounced=1").await;
    assert!(html.contains("name=\"bounced\" value=\"1\" checked"));
    assert!(html.contains(&fr("contact_bounced")));

    // The API filters the same way.
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (status, body) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts?tag={}", volunteer.id),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 2);
    let (_, body) = api(
        &server,
        Method::GET,
        "/api/v1/contacts?newsletter_consent=true",
        &token,
        None,
    )
    .await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["contacts"][0]["id"], a.id);
    let (status, _) = api(
        &server,
        Method::GET,
        "/api/v1/contacts?page=two",
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

both_backends!(async the_list_is_sorted_by_name_fifty_a_page_with_the_total_and_page_links);
async fn the_list_is_sorted_by_name_fifty_a_page_with_the_total_and_page_links(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    {
        let mut db = conn(&server);
        // 120 people, typed in no particular order.
        for i in (0..120).rev() {
            let input = ContactInput {
                first_name: format!("Prénom{i:03}"),
                last_name: format!("Nom{:03}", (i * 7) % 120),
                ..Default::default()
            };
            contacts::create(&mut db, &input, contacts::Source::Import, None).unwrap();
        }
    }
    let (status, first) = page(&client, &server, "/dashboard/contacts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed_ids(&first).len(), 50);
    assert!(first.contains(&Lang::Fr.t_args("contact_total", &[("n", 120.into())])));
    assert!(first.contains("href=\"/dashboard/contacts?page=2\""));
    assert!(first.contains("href=\"/dashboard/contacts?page=3\""));
    assert!(!first.contains("page=4"));
    let pos = |html: &str, name: &str| html.find(name).unwrap_or(usize::MAX);
    assert!(pos(&first, "Nom000") < pos(&first, "Nom001"));
    assert!(pos(&first, "Nom001") < pos(&first, "Nom049"));
    assert!(!first.contains("Nom050"));

    let (_, third) = page(&client, &server, "/dashboard/contacts?page=3").await;
    assert_eq!(listed_ids(&third).len(), 20);
    assert!(third.contains("Nom119"));
    assert!(third.contains("aria-current=\"page\">3<"));

    // A page past the end is empty, not an error; nonsense is page 1.
    let (status, past) = page(&client, &server, "/dashboard/contacts?page=99").await;
    assert_eq!(status, StatusCode::OK);
    assert!(listed_ids(&past).is_empty());
    let (status, _) = page(&client, &server, "/dashboard/contacts?page=abc").await;
    assert_eq!(status, StatusCode::OK);

    // The page links keep the search.
    let (_, searched) = page(&client, &server, "/dashboard/contacts?q=nom").await;
    assert!(searched.contains("href=\"/dashboard/contacts?q=nom&#38;page=2\""));
}
