//! Rules from the dashboard and the API: checked next to each field, a test message with a
//! clear result, the shapes of the one OpenAPI document.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use cheminement::accounts::Role;

use super::mattermost::Answer;
use super::start;
use crate::common::campaigns::api;
use crate::common::{Backend, csrf_of, signed_in};

both_backends!(async the_api_makes_reads_changes_and_deletes_rules);
async fn the_api_makes_reads_changes_and_deletes_rules(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let token = server.token_for("admin@example.org", Role::Admin);
    let made = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/notifications",
        Some(json!({
            "name": "Bureau",
            "webhook_url": chat.url,
            "channel": "~bureau",
            "kinds": ["registration", "job_failed"],
            "digest_at": "08:00",
        })),
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.unwrap();
    assert_eq!(made["channel"], "bureau");
    assert_eq!(made["kinds"], json!(["registration", "job_failed"]));
    assert_eq!(made["digest_at"], "08:00");
    let id = made["id"].as_i64().unwrap();

    let changed = api(
        &server,
        &token,
        Method::PUT,
        &format!("/api/v1/notifications/{id}"),
        Some(json!({"name": "Bureau", "webhook_url": chat.url, "kinds": ["mention"]})),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["kinds"], json!(["mention"]));
    assert_eq!(changed["digest_at"], Value::Null);

    let listed: Value = api(&server, &token, Method::GET, "/api/v1/notifications", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // Bad input: each field named, nothing kept.
    let bad = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/notifications",
        Some(json!({"name": "", "webhook_url": "ftp://chat.example/hooks/x", "kinds": []})),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.text().await.unwrap();
    assert!(
        bad.contains("webhook_url") && bad.contains("name") && bad.contains("kinds"),
        "{bad}"
    );
    let unknown_kind = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/notifications",
        Some(json!({"name": "x", "webhook_url": chat.url, "kinds": ["gossip"]})),
    )
    .await;
    assert_eq!(unknown_kind.status(), StatusCode::BAD_REQUEST);

    // Not for an editor.
    let editor = server.token_for("editor@example.org", Role::Editor);
    let refused = api(&server, &editor, Method::GET, "/api/v1/notifications", None).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let gone = api(
        &server,
        &token,
        Method::DELETE,
        &format!("/api/v1/notifications/{id}"),
        None,
    )
    .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let listed: Value = api(&server, &token, Method::GET, "/api/v1/notifications", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(listed.as_array().unwrap().is_empty());

    // In the one OpenAPI document.
    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["paths"]["/api/v1/notifications"]["post"].is_object(),
        "{}",
        doc["paths"]
    );
    assert!(doc["components"]["schemas"]["NotificationRule"].is_object());
}

both_backends!(async outside_test_mode_a_private_webhook_is_refused_next_to_its_field);
async fn outside_test_mode_a_private_webhook_is_refused_next_to_its_field(backend: Backend) {
    let (_storage, server, chat) =
        start(backend, &[("CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES", "false")]).await;
    let (client, csrf) = signed_in(&server, "admin@example.org", Role::Admin).await;
    let page = client
        .post(server.url("/dashboard/notifications/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Équipe"),
            ("webhook_url", chat.url.as_str()),
            ("kind_registration", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("id=\"webhook_url-error\">This address is on a private network"),
        "{html}"
    );
    let mut conn = server.app.db.conn().unwrap();
    assert!(
        cheminement::notifications::rules::all(&mut conn)
            .unwrap()
            .is_empty()
    );
}

both_backends!(async the_dashboard_makes_a_rule_and_its_test_message_says_what_happened);
async fn the_dashboard_makes_a_rule_and_its_test_message_says_what_happened(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let (client, csrf) = signed_in(&server, "admin@example.org", Role::Admin).await;
    let form = client
        .get(server.url("/dashboard/notifications/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let saved = client
        .post(server.url("/dashboard/notifications/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Équipe"),
            ("webhook_url", chat.url.as_str()),
            ("channel", "accueil"),
            ("kind_registration", "on"),
            ("kind_event_full", "on"),
            ("digest_at", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let list = client
        .get(server.url("/dashboard/notifications"))
        .send()
        .await
        .unwrap();
    let html = list.text().await.unwrap();
    assert!(html.contains("New registration, Event full"), "{html}");
    let id = {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::notifications::rules::all(&mut conn).unwrap()[0].id
    };
    let csrf = csrf_of(&client, &server.url("/dashboard/notifications")).await;
    let tested = client
        .post(server.url(&format!("/dashboard/notifications/{id}/test")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(tested.contains("The test message was posted"), "{tested}");
    let messages = chat.accepted();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Test message from Lieu Respirer")
    );
    // A chat that refuses: the page says what it answered.
    chat.script(&[Answer::Status(404)]);
    let tested = client
        .post(server.url(&format!("/dashboard/notifications/{id}/test")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        tested.contains("could not be posted: the chat answered 404"),
        "{tested}"
    );
    // Organizers do not reach the page.
    let (organizer, _) = signed_in(&server, "orga@example.org", Role::Organizer).await;
    let refused = organizer
        .get(server.url("/dashboard/notifications"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
