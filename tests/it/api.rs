//! The JSON API through the real router: its OpenAPI document, token authentication and
//! roles, posts and pages from creation to deletion, the errors a script gets for a bad request,
//! and the rules it shares with the dashboard.

use cheminement::accounts::Role;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::common::*;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A script's HTTP client: no cookies, no redirects followed.
fn script() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn call(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = script()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// A request with a raw body and content type, as a careless script sends it.
async fn send_raw(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    content_type: &str,
    body: &str,
) -> reqwest::Response {
    script()
        .request(method, server.url(path))
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// Status and JSON body of an answer; the body must be JSON.
async fn json_of(answer: reqwest::Response) -> (StatusCode, Value) {
    let status = answer.status();
    let content_type = answer
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = answer.text().await.unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{status}: a JSON answer, not {content_type:?}: {text}"
    );
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, value)
}

/// An error answer: JSON with a non-empty `error` message.
async fn error_of(answer: reqwest::Response) -> (StatusCode, Value) {
    let (status, body) = json_of(answer).await;
    assert!(
        body["error"].as_str().is_some_and(|m| !m.is_empty()),
        "{status}: an `error` message: {body}"
    );
    (status, body)
}

/// The fields named in a 422's `fields`.
fn fields_of(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("a `fields` list: {body}"))
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

fn code_of(body: &Value, field: &str) -> String {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("{field} in {body}"))["code"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn public_status(server: &TestServer, path: &str) -> (StatusCode, String) {
    let answer = browser().get(server.url(path)).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

fn count_posts(server: &TestServer) -> usize {
    let mut conn = server.app.db.conn().unwrap();
    cheminement::site::posts::all(&mut conn).unwrap().len()
}

fn count_pages(server: &TestServer) -> usize {
    let mut conn = server.app.db.conn().unwrap();
    cheminement::site::pages::all(&mut conn).unwrap().len()
}

// ---------------------------------------------------------------------------------------------
// The description and the doors

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

// ---------------------------------------------------------------------------------------------
// Posts

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

// ---------------------------------------------------------------------------------------------
// Pages

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

// ---------------------------------------------------------------------------------------------
// One set of rules

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
