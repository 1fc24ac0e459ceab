//! Roles; The API; Speed.

use super::*;

both_backends!(async only_admins_and_treasurers_reach_contacts_in_the_dashboard_and_the_api);
async fn only_admins_and_treasurers_reach_contacts_in_the_dashboard_and_the_api(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let person = add_contact(&server, "Rose", "Lambert", "rose@example.org");
    let other = add_contact(&server, "Rose", "Lambert", "");
    let tag = tags::create(&mut conn(&server), &tag_input("Bénévole", "tag")).unwrap();
    let id = person.id.to_string();
    let pages = [
        "/dashboard/contacts".to_string(),
        "/dashboard/contacts/new".to_string(),
        format!("/dashboard/contacts/{id}"),
        "/dashboard/contacts/tags".to_string(),
        "/dashboard/contacts/duplicates".to_string(),
        format!("/dashboard/contacts/{id}/merge/{}", other.id),
    ];
    let tag_id = tag.id.to_string();
    let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            "/dashboard/contacts/new".into(),
            vec![("last_name", "Intrus"), ("lang", "fr")],
        ),
        (
            format!("/dashboard/contacts/{id}"),
            vec![("last_name", "Intrus"), ("lang", "fr")],
        ),
        (
            "/dashboard/contacts/bulk-tag".into(),
            vec![("tag_id", tag_id.as_str()), ("ids", id.as_str())],
        ),
        (
            format!("/dashboard/contacts/{id}/consents"),
            vec![("kind", "photos"), ("given", "yes"), ("source", "x")],
        ),
        (
            format!("/dashboard/contacts/{id}/tags"),
            vec![("tag_id", tag_id.as_str())],
        ),
        ("/dashboard/contacts/tags".into(), vec![("name", "Intrus")]),
    ];
    let api_calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/contacts".into(), None),
        (
            Method::POST,
            "/api/v1/contacts".into(),
            Some(json!({"last_name": "Intrus"})),
        ),
        (Method::GET, format!("/api/v1/contacts/{id}"), None),
        (
            Method::PUT,
            format!("/api/v1/contacts/{id}"),
            Some(json!({"last_name": "Intrus"})),
        ),
        (Method::GET, format!("/api/v1/contacts/{id}/consents"), None),
        (
            Method::POST,
            format!("/api/v1/contacts/{id}/consents"),
            Some(json!({"kind": "photos", "given": true, "source": "x"})),
        ),
        (
            Method::PUT,
            format!("/api/v1/contacts/{id}/tags"),
            Some(json!({"tag_ids": []})),
        ),
        (Method::GET, "/api/v1/contact-fields".into(), None),
        (Method::GET, "/api/v1/tags".into(), None),
        (
            Method::POST,
            "/api/v1/tags".into(),
            Some(json!({"name": "Intrus"})),
        ),
        (Method::GET, "/api/v1/contacts/duplicates".into(), None),
        (
            Method::POST,
            format!("/api/v1/contacts/{id}/merge"),
            Some(json!({"other_id": other.id})),
        ),
    ];

    for (i, role) in [Role::Editor, Role::Organizer, Role::Member]
        .into_iter()
        .enumerate()
    {
        let client = browser_as(&server, &format!("refused{i}@example.org"), role).await;
        for path in &pages {
            let (status, _) = page(&client, &server, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} GET {path}");
        }
        for (path, fields) in &forms {
            let answer = post_form(&client, &server, path, fields).await;
            assert_eq!(
                answer.status(),
                StatusCode::FORBIDDEN,
                "{role:?} POST {path}"
            );
        }
        let token = server.token_for(&format!("refused-api{i}@example.org"), role);
        for (method, path, body) in &api_calls {
            let (status, _) = api(&server, method.clone(), path, &token, body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {method} {path}");
        }
    }
    // Nothing changed.
    assert_eq!(contact_count(&server), 2);
    assert!(
        tags::of_contact(&mut conn(&server), person.id)
            .unwrap()
            .is_empty()
    );
    assert!(
        consents::log(&mut conn(&server), person.id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(tags::all(&mut conn(&server)).unwrap().len(), 1);

    // A treasurer may.
    let treasurer = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    for path in &pages {
        let (status, html) = page(&treasurer, &server, path).await;
        assert_eq!(status, StatusCode::OK, "treasurer GET {path}");
        assert!(!html.contains("??"), "a word is missing on {path}");
    }
    let answer = post_form(
        &treasurer,
        &server,
        &format!("/dashboard/contacts/{id}/consents"),
        &[("kind", "photos"), ("given", "yes"), ("source", "x")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let token = server.token_for("tresorier-api@example.org", Role::Treasurer);
    let (status, _) = api(&server, Method::GET, "/api/v1/contacts", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    // Without a token: 401; without a session: the login page.
    let (status, _) = api(
        &server,
        Method::GET,
        "/api/v1/contacts",
        "chm_nothing",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let answer = browser()
        .get(server.url("/dashboard/contacts"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
}

both_backends!(async the_api_round_trip_covers_contacts_consents_fields_tags_and_merging);
async fn the_api_round_trip_covers_contacts_consents_fields_tags_and_merging(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("tresorier@example.org", Role::Treasurer);
    fields::create(
        &mut conn(&server),
        &fields::FieldInput {
            key: "atelier".into(),
            label: "Atelier".into(),
            kind: "choice".into(),
            choices: "Yoga\nPoterie".into(),
            position: 1,
        },
    )
    .unwrap();

    let (status, body) = api(&server, Method::GET, "/api/v1/contact-fields", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body[0]["key"], "atelier");
    assert_eq!(body[0]["kind"], "choice");

    // A wrong custom value, or an unknown field: 422 and nothing made.
    let (status, body) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"first_name": "Hugo", "fields": {"atelier": "Danse"}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "field_atelier");
    assert_eq!(body["fields"][0]["code"], "contact_field_choice_invalid");
    let (status, _) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"first_name": "Hugo", "fields": {"nope": "x"}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(contact_count(&server), 0);

    let (status, made) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({
            "first_name": "Hugo", "last_name": "Faure", "email": "hugo@example.org",
            "city": "Grenoble", "birth_date": "1990-03-04", "fields": {"atelier": "yoga"}
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_i64().unwrap();
    assert_eq!(made["source"], "api");
    assert_eq!(made["fields"][0]["value"], "Yoga");
    assert!(made.get("email_key").is_none());

    let (status, body) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{id}"),
        &token,
        Some(json!({"first_name": "Hugo", "last_name": "Faure", "email": "hugo@example.org", "city": "Lyon"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["city"], "Lyon");
    assert_eq!(
        body["fields"][0]["value"], "Yoga",
        "fields not named are kept"
    );

    let (status, log) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/consents"),
        &token,
        Some(json!({"kind": "newsletter", "given": true, "source": "paper form"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(log.as_array().unwrap().len(), 1);
    let (status, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/consents"),
        &token,
        Some(json!({"kind": "dance", "given": true, "source": ""})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"].as_array().unwrap().len(), 2);
    let (_, log) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts/{id}/consents"),
        &token,
        None,
    )
    .await;
    assert_eq!(log[0]["source"], "paper form");

    let (status, tag) = api(
        &server,
        Method::POST,
        "/api/v1/tags",
        &token,
        Some(json!({"name": "Bénévole", "kind": "tag"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, group) = api(
        &server,
        Method::POST,
        "/api/v1/tags",
        &token,
        Some(json!({"name": "Bureau", "kind": "group", "description": "Le bureau"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = api(
        &server,
        Method::POST,
        "/api/v1/tags",
        &token,
        Some(json!({"name": "bénévole"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, own) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{id}/tags"),
        &token,
        Some(json!({"tag_ids": [tag["id"], group["id"]]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own.as_array().unwrap().len(), 2);
    let (status, _) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{id}/tags"),
        &token,
        Some(json!({"tag_ids": [9999]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, tags_list) = api(&server, Method::GET, "/api/v1/tags", &token, None).await;
    assert_eq!(tags_list[0]["name"], "Bureau", "groups first");

    let (status, detail) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["email"], "hugo@example.org");
    assert_eq!(detail["current_consents"][0]["kind"], "newsletter");
    assert_eq!(detail["consents"].as_array().unwrap().len(), 1);
    assert_eq!(detail["tags"].as_array().unwrap().len(), 2);
    assert_eq!(detail["fields"][0]["key"], "atelier");

    let (_, found) = api(
        &server,
        Method::GET,
        "/api/v1/contacts?q=faure",
        &token,
        None,
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["per_page"], 50);

    // A duplicate made by a script, found and merged.
    let (_, twin) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"first_name": "HUGO", "last_name": "faure", "phone": "0600000003"})),
    )
    .await;
    let twin_id = twin["id"].as_i64().unwrap();
    let (_, groups) = api(
        &server,
        Method::GET,
        "/api/v1/contacts/duplicates",
        &token,
        None,
    )
    .await;
    assert_eq!(groups[0]["reason"], "name");
    let (status, kept) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/merge"),
        &token,
        Some(json!({"other_id": twin_id})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["phone"], "0600000003");
    let (status, _) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts/{twin_id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/merge"),
        &token,
        Some(json!({"other_id": id})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The OpenAPI document has every path.
    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, methods) in [
        ("/api/v1/contacts", &["get", "post"][..]),
        ("/api/v1/contacts/{id}", &["get", "put"]),
        ("/api/v1/contacts/{id}/consents", &["get", "post"]),
        ("/api/v1/contacts/{id}/tags", &["put"]),
        ("/api/v1/contacts/{id}/merge", &["post"]),
        ("/api/v1/contacts/duplicates", &["get"]),
        ("/api/v1/contact-fields", &["get"]),
        ("/api/v1/tags", &["get", "post"]),
    ] {
        for method in methods {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} in the document"
            );
        }
    }
    assert!(doc["components"]["schemas"]["ContactDetail"].is_object());
}

both_backends!(#[ignore] async the_first_page_of_ten_thousand_contacts_is_quick);
/// The list with 10,000 contacts: one query for the page and one for the count. Prints the
/// time of the first page through the router (run with `--ignored --nocapture`, release build).
async fn the_first_page_of_ten_thousand_contacts_is_quick(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    {
        let mut db = conn(&server);
        cheminement::db::transaction(&mut db, |c| {
            for i in 0..10_000 {
                let input = ContactInput {
                    first_name: format!("Prénom{i}"),
                    last_name: format!("Nom{:05}", (i * 7919) % 10_000),
                    email: format!("p{i}@example.org"),
                    city: if i % 3 == 0 { "Lyon" } else { "Grenoble" }.into(),
                    ..Default::default()
                };
                contacts::create(c, &input, contacts::Source::Import, None)?;
            }
            Ok::<_, cheminement::error::Error>(())
        })
        .unwrap();
    }
    page(&client, &server, "/dashboard/contacts").await;
    for query in [
        "",
        "?q=nom01234",
        "?has_email=1&page=100",
        "?q=lyon&consent=1",
    ] {
        let started = std::time::Instant::now();
        let (status, _) = page(&client, &server, &format!("/dashboard/contacts{query}")).await;
        assert_eq!(status, StatusCode::OK);
        println!(
            "{backend:?} /dashboard/contacts{query}: {:?}",
            started.elapsed()
        );
    }
}
