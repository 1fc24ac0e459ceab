//! Pages; One set of rules.

use super::*;

both_backends!(async pages_are_created_read_updated_and_deleted_through_the_api);
async fn pages_are_created_read_updated_and_deleted_through_the_api(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("ines@example.org", Role::Editor);

    let (status, page) = json_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/pages",
            &token,
            Some(json!({
                "title": "Nous trouver",
                "slug": "acces",
                "body": "Au **12 rue des Lilas**.",
                "in_menu": true,
                "published": true
            })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{backend:?}: {page}");
    let id = page["id"].as_i64().expect("an id");
    assert_eq!(page["slug"], "acces");
    assert_eq!(
        page["body_html"],
        "<p>Au <strong>12 rue des Lilas</strong>.</p>\n"
    );

    let (status, html) = public_status(&server, "/pages/acces").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<strong>12 rue des Lilas</strong>"), "{html}");
    let (_, home) = public_status(&server, "/").await;
    assert!(
        home.contains("href=\"/pages/acces\""),
        "in the menu: {home}"
    );

    let (status, shown) = json_of(
        call(
            &server,
            reqwest::Method::GET,
            &format!("/api/v1/pages/{id}"),
            &token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["title"], "Nous trouver");
    assert_eq!(shown["in_menu"], true);

    // A slug left empty is made from the title.
    let (status, other) = json_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/pages",
            &token,
            Some(json!({"title": "Qui sommes-nous ?", "body": "Une asso.", "published": true})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    assert_eq!(other["slug"], "qui-sommes-nous");
    let other_id = other["id"].as_i64().unwrap();

    let (status, updated) = json_of(
        call(
            &server,
            reqwest::Method::PUT,
            &format!("/api/v1/pages/{id}"),
            &token,
            Some(json!({
                "title": "Nous trouver",
                "slug": "acces",
                "body": "Nous avons déménagé au **3 place du Marché**.",
                "in_menu": true,
                "published": true
            })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    let (_, html) = public_status(&server, "/pages/acces").await;
    assert!(
        html.contains("<strong>3 place du Marché</strong>"),
        "{html}"
    );
    assert!(!html.contains("12 rue des Lilas"), "{html}");

    // A slug already used is refused, when creating and when editing.
    let (status, body) = error_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/pages",
            &token,
            Some(json!({"title": "Accès bis", "slug": "acces", "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}: {body}"
    );
    assert_eq!(fields_of(&body), ["slug"]);
    assert_eq!(code_of(&body, "slug"), "slug_taken");
    let (status, body) = error_of(
        call(
            &server,
            reqwest::Method::PUT,
            &format!("/api/v1/pages/{other_id}"),
            &token,
            Some(json!({"title": "Qui sommes-nous ?", "slug": "acces", "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields_of(&body), ["slug"]);
    let (_, html) = public_status(&server, "/pages/qui-sommes-nous").await;
    assert!(
        html.contains("Une asso."),
        "the refused edit changed nothing: {html}"
    );

    let (status, body) = error_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/pages",
            &token,
            Some(json!({"slug": "../etc", "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut fields = fields_of(&body);
    fields.sort();
    assert_eq!(fields, ["slug", "title"], "{body}");
    assert_eq!(code_of(&body, "slug"), "slug_invalid");

    let (status, _) = error_of(
        send_raw(
            &server,
            reqwest::Method::POST,
            "/api/v1/pages",
            &token,
            "application/json",
            "not json at all",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(count_pages(&server), 2);

    let deleted = call(
        &server,
        reqwest::Method::DELETE,
        &format!("/api/v1/pages/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let (status, _) = public_status(&server, "/pages/acces").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, home) = public_status(&server, "/").await;
    assert!(!home.contains("/pages/acces"), "gone from the menu: {home}");
    let (status, _) = error_of(
        call(
            &server,
            reqwest::Method::GET,
            &format!("/api/v1/pages/{id}"),
            &token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(count_pages(&server), 1);
}

both_backends!(async the_dashboard_and_the_api_see_the_same_pages_and_apply_the_same_rules);
async fn the_dashboard_and_the_api_see_the_same_pages_and_apply_the_same_rules(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("ines@example.org", Role::Editor);

    let (status, page) = json_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/pages",
            &token,
            Some(json!({"title": "Venue par l'API", "slug": "par-api", "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{page}");
    let id = page["id"].as_i64().unwrap();

    // The same person in the dashboard sees it in the list.
    let client = browser();
    assert_eq!(
        login(
            &client,
            &server,
            "ines@example.org",
            "correct horse battery staple"
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let list = client
        .get(server.url("/dashboard/pages"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let html = list.text().await.unwrap();
    assert!(
        html.contains("Venue par l&#39;API") || html.contains("Venue par l'API"),
        "{html}"
    );
    assert!(html.contains("/pages/par-api"), "{html}");
    assert!(
        html.contains(&format!("href=\"/dashboard/pages/{id}\"")),
        "{html}"
    );

    // The dashboard refuses the slug the API already took, with the same rule.
    let csrf = csrf_of(&client, &server.url("/dashboard/pages/new")).await;
    let taken = client
        .post(server.url("/dashboard/pages/new"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Doublon"),
            ("slug", "par-api"),
            ("body", "y"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        taken.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    assert!(
        taken
            .text()
            .await
            .unwrap()
            .contains("Another page already uses this address.")
    );

    // And a page made in the dashboard is one the API reads.
    let made = client
        .post(server.url("/dashboard/pages/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Venue du tableau de bord"),
            ("slug", "par-tableau"),
            ("body", "z"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let (_, pages) =
        json_of(call(&server, reqwest::Method::GET, "/api/v1/pages", &token, None).await).await;
    let mut slugs: Vec<&str> = pages
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    slugs.sort();
    assert_eq!(slugs, ["par-api", "par-tableau"]);

    // A post published through the API is on the public news page and in the dashboard.
    let (status, created) = json_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/posts",
            &token,
            Some(json!({"title": "Atelier vélo", "body": "Samedi.", "publish": true})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let posts = client
        .get(server.url("/dashboard/posts"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(posts.contains("Atelier vélo"), "{posts}");
    let (_, news) = public_status(&server, "/news").await;
    assert!(
        news.contains(&format!(
            "href=\"/news/{}\"",
            created["slug"].as_str().unwrap()
        )),
        "{news}"
    );
}

both_backends!(async posts_with_the_same_title_sent_at_once_all_get_their_own_address);
async fn posts_with_the_same_title_sent_at_once_all_get_their_own_address(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("ines@example.org", Role::Editor);
    let sends = (0..8).map(|i| {
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/posts",
            &token,
            Some(json!({"title": "Assemblée générale", "body": format!("Version {i}"), "publish": true})),
        )
    });
    let answers = futures::future::join_all(sends).await;
    let mut slugs = Vec::new();
    for answer in answers {
        let (status, body) = json_of(answer).await;
        assert_eq!(status, StatusCode::CREATED, "{backend:?}: {body}");
        slugs.push(body["slug"].as_str().unwrap().to_string());
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "{slugs:?}");
    assert!(slugs.contains(&"assemblee-generale".to_string()));
    assert_eq!(count_posts(&server), 8);
}
