//! The description and the doors; Posts.

use super::*;

both_backends!(async the_openapi_document_describes_the_endpoints_and_bearer_tokens);
async fn the_openapi_document_describes_the_endpoints_and_bearer_tokens(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let answer = script()
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{backend:?}");
    let (_, doc) = json_of(answer).await;
    let version = doc["openapi"].as_str().expect("an openapi version");
    assert!(version.starts_with("3."), "{version}");
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/posts",
        "/api/v1/posts/{id}",
        "/api/v1/pages",
        "/api/v1/pages/{id}",
        "/api/v1/followers",
        "/api/v1/jobs",
    ] {
        assert!(paths.contains_key(path), "{path} is described");
    }
    for method in ["get", "post"] {
        assert!(paths["/api/v1/posts"].get(method).is_some(), "{method}");
    }
    for method in ["get", "put", "delete"] {
        assert!(
            paths["/api/v1/pages/{id}"].get(method).is_some(),
            "{method}"
        );
    }
    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http", "{doc}");
    assert_eq!(
        scheme["scheme"].as_str().map(str::to_lowercase).as_deref(),
        Some("bearer")
    );
    assert!(
        doc["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some())),
        "the bearer scheme applies: {}",
        doc["security"]
    );
    // What a script must send is marked required, as the server enforces it.
    for (schema, fields) in [
        ("PostInput", &["title", "body"][..]),
        ("PageInput", &["title"][..]),
    ] {
        let required = doc["components"]["schemas"][schema]["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema} has required fields"));
        for field in fields {
            assert!(required.iter().any(|r| r == *field), "{schema}.{field}");
        }
    }
}

both_backends!(async tokens_are_required_and_each_role_opens_only_its_own_endpoints);
async fn tokens_are_required_and_each_role_opens_only_its_own_endpoints(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let member = server.token_for("paul@example.org", Role::Member);
    let editor = server.token_for("ines@example.org", Role::Editor);
    let admin = server.token_for("sofiane@example.org", Role::Admin);

    let none = script()
        .get(server.url("/api/v1/posts"))
        .send()
        .await
        .unwrap();
    let (status, _) = error_of(none).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend:?}");

    for wrong in ["chm_not-a-real-token", "", &format!("{editor}x")] {
        let (status, _) =
            error_of(call(&server, reqwest::Method::GET, "/api/v1/posts", wrong, None).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "token {wrong:?}");
    }
    let basic = script()
        .get(server.url("/api/v1/posts"))
        .header(header::AUTHORIZATION, format!("Basic {editor}"))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);

    let cases = [
        (
            &member,
            reqwest::Method::GET,
            "/api/v1/posts",
            StatusCode::FORBIDDEN,
        ),
        (
            &member,
            reqwest::Method::GET,
            "/api/v1/pages",
            StatusCode::FORBIDDEN,
        ),
        (
            &editor,
            reqwest::Method::GET,
            "/api/v1/posts",
            StatusCode::OK,
        ),
        (
            &editor,
            reqwest::Method::GET,
            "/api/v1/pages",
            StatusCode::OK,
        ),
        (
            &editor,
            reqwest::Method::GET,
            "/api/v1/jobs",
            StatusCode::FORBIDDEN,
        ),
        (&admin, reqwest::Method::GET, "/api/v1/jobs", StatusCode::OK),
        (
            &admin,
            reqwest::Method::GET,
            "/api/v1/followers",
            StatusCode::OK,
        ),
    ];
    for (token, method, path, expected) in cases {
        let (status, body) = json_of(call(&server, method.clone(), path, token, None).await).await;
        assert_eq!(status, expected, "{method} {path} ({backend:?}): {body}");
        if status == StatusCode::OK {
            assert!(body.is_array() || body.is_object(), "{path}: {body}");
        } else {
            assert!(body["error"].is_string(), "{path}: {body}");
        }
    }
    let (_, jobs) =
        json_of(call(&server, reqwest::Method::GET, "/api/v1/jobs", &admin, None).await).await;
    assert!(jobs.is_array(), "{jobs}");

    // A write is checked too, and refused before anything is made.
    let (status, _) = error_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/posts",
            &member,
            Some(json!({"title": "Pirate", "body": "x", "publish": true})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(count_posts(&server), 0);
}

both_backends!(async posts_are_created_read_updated_and_deleted_through_the_api);
async fn posts_are_created_read_updated_and_deleted_through_the_api(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("ines@example.org", Role::Editor);

    let (status, created) = json_of(
        call(
            &server,
            reqwest::Method::POST,
            "/api/v1/posts",
            &token,
            Some(json!({
                "title": "Fête de l'été",
                "summary": "Le 21 juin",
                "body": "Venez **nombreux**.",
                "publish": true
            })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{backend:?}: {created}");
    let id = created["id"].as_i64().expect("an id");
    let slug = created["slug"].as_str().expect("a slug").to_string();
    assert_eq!(slug, "fete-de-l-ete");
    let url = server.url(&format!("/news/{slug}"));
    assert_eq!(created["url"], url);
    assert_eq!(created["ap_id"], url);
    assert_eq!(created["published"], true);

    let (status, html) = public_status(&server, &format!("/news/{slug}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<strong>nombreux</strong>"), "{html}");

    let (status, post) = json_of(
        call(
            &server,
            reqwest::Method::GET,
            &format!("/api/v1/posts/{id}"),
            &token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(post["id"], id);
    assert_eq!(post["title"], "Fête de l'été");
    assert_eq!(post["body_md"], "Venez **nombreux**.");
    assert!(post["published_at"].is_string(), "{post}");

    let (status, list) =
        json_of(call(&server, reqwest::Method::GET, "/api/v1/posts", &token, None).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);

    let (status, updated) = json_of(
        call(
            &server,
            reqwest::Method::PUT,
            &format!("/api/v1/posts/{id}"),
            &token,
            Some(json!({
                "title": "Fête de l'été (reportée)",
                "body": "Reportée au **28 juin**.",
                "publish": true
            })),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["slug"], slug.as_str(), "the address stays");
    let (status, html) = public_status(&server, &format!("/news/{slug}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<strong>28 juin</strong>"),
        "the new text: {html}"
    );
    assert!(!html.contains("nombreux"), "not the old one: {html}");

    let deleted = call(
        &server,
        reqwest::Method::DELETE,
        &format!("/api/v1/posts/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let (status, _) = public_status(&server, &format!("/news/{slug}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?}");
    let (status, _) = error_of(
        call(
            &server,
            reqwest::Method::GET,
            &format!("/api/v1/posts/{id}"),
            &token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = error_of(
        call(
            &server,
            reqwest::Method::DELETE,
            &format!("/api/v1/posts/{id}"),
            &token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleting twice");
    assert_eq!(count_posts(&server), 0);
}

both_backends!(async a_bad_post_request_gets_a_json_error_that_says_what_is_wrong);
async fn a_bad_post_request_gets_a_json_error_that_says_what_is_wrong(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("ines@example.org", Role::Editor);
    let post = reqwest::Method::POST;

    let (status, _) = error_of(
        send_raw(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            "application/json",
            "{\"title\": \"Oups\", \"body\": ",
        )
        .await,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "malformed JSON ({backend:?})"
    );

    let (status, body) = error_of(
        send_raw(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            "text/plain",
            "{\"title\": \"Oups\", \"body\": \"x\"}",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert_eq!(body, json!({"error": "send the body as application/json"}));

    let (status, body) = error_of(
        call(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            Some(json!({"body": "Sans titre"})),
        )
        .await,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a missing title: {body}"
    );
    assert_eq!(fields_of(&body), ["title"], "{body}");
    assert_eq!(code_of(&body, "title"), "required");

    let (status, body) = error_of(
        call(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            Some(json!({})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut fields = fields_of(&body);
    fields.sort();
    assert_eq!(fields, ["body", "title"], "every mistake at once: {body}");

    let (status, body) = error_of(
        call(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            Some(json!({"title": "   ", "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields_of(&body), ["title"]);

    let (status, body) = error_of(
        call(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            Some(json!({"title": "x".repeat(201), "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code_of(&body, "title"), "too_long");

    let (status, _) = error_of(
        call(
            &server,
            post.clone(),
            "/api/v1/posts",
            &token,
            Some(json!({"title": 42, "body": ["x"]})),
        )
        .await,
    )
    .await;
    assert!(status.is_client_error(), "wrong types: {status}");

    let wrong_type = send_raw(
        &server,
        post.clone(),
        "/api/v1/posts",
        &token,
        "text/plain",
        "{\"title\": \"Du texte\", \"body\": \"x\"}",
    )
    .await;
    let (status, _) = error_of(wrong_type).await;
    assert!(status.is_client_error(), "a text/plain body: {status}");
    let form = send_raw(
        &server,
        post.clone(),
        "/api/v1/posts",
        &token,
        "application/x-www-form-urlencoded",
        "title=Formulaire&body=x",
    )
    .await;
    assert!(form.status().is_client_error(), "{}", form.status());

    let (status, _) = error_of(
        call(
            &server,
            reqwest::Method::PUT,
            "/api/v1/posts/999999",
            &token,
            Some(json!({"title": "Personne", "body": "x"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an update of nothing");

    assert_eq!(count_posts(&server), 0, "nothing was created");
}
