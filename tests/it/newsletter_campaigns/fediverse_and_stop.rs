//! Fediverse and stop.

use super::*;

both_backends!(async a_campaign_for_the_fediverse_reaches_followers_as_an_article_once_sent);
async fn a_campaign_for_the_fediverse_reaches_followers_as_an_article_once_sent(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let peer = peer::Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let follow = json!({
        "@context": peer::AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": alice,
        "object": server.app.actor.id.to_string(),
    });
    let answer = peer
        .post_signed("alice", server.app.actor.inbox.as_ref(), &follow)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    server.settle().await;
    peer.clear();

    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let members = list_id(&server, "members");
    subscriber(&server, news, "reader@example.org");
    // Kept off the website: it cannot go to the fediverse either.
    let answer = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/campaigns",
        Some(json!({
            "subject": "Réservé", "body": "x", "lists": [members], "to_fediverse": true,
        })),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "to_fediverse");

    let answer = api(&server, &token, Method::POST, "/api/v1/campaigns", Some(json!({
        "subject": "Lettre fédérée", "body": "Des **nouvelles**.", "lists": [news], "to_fediverse": true,
    }))).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let id = id_of(&answer.json().await.unwrap());
    server.settle().await;
    assert!(peer.received().is_empty(), "nothing before it is sent");
    api_send(&server, &token, id).await;
    wait_sent(&server, id, 20).await;
    server.settle().await;
    let got = peer::peer_wait_for(&peer, 1).await;
    let activity = got[0].json();
    peer::verify_server_signature(&got[0], &server);
    let slug = campaign_slug(&server, &token, id).await;
    let url = server.url(&format!("/newsletter/{slug}"));
    assert_eq!(activity["type"], "Create");
    assert_eq!(activity["object"]["type"], "Article");
    assert_eq!(activity["object"]["id"], url.as_str());
    assert_eq!(activity["object"]["name"], "Lettre fédérée");
    assert!(
        activity["object"]["content"]
            .as_str()
            .unwrap()
            .contains("<strong>nouvelles</strong>")
    );
    // Its id answers the Article to an ActivityPub client.
    let doc: Value = reqwest::Client::new()
        .get(&url)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["type"], "Article");
    assert_eq!(doc["id"], url.as_str());
    server.stop().await;
}

both_backends!(async a_stopped_sending_sends_nothing_more_and_the_api_document_lists_campaigns);
async fn a_stopped_sending_sends_nothing_more_and_the_api_document_lists_campaigns(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let slow = [
        ("CHEMINEMENT_NEWSLETTER_BATCH", "1"),
        ("CHEMINEMENT_NEWSLETTER_RATE", "30"),
    ];
    let (_storage, server) = start(backend, &smtp, &slow).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    for a in ["s1@example.org", "s2@example.org", "s3@example.org"] {
        subscriber(&server, news, a);
    }
    let id = id_of(&api_campaign(&server, &token, "Oups, mauvaise liste", &[news]).await);
    api_send(&server, &token, id).await;
    smtp.wait_for(1).await;
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/stop"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["status"], "cancelled");
    assert_eq!(
        (
            body["counts"]["sent"].as_i64(),
            body["counts"]["skipped"].as_i64()
        ),
        (Some(1), Some(2)),
        "{body}"
    );
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    server.settle().await;
    assert_eq!(smtp.mails().len(), 1, "nothing more leaves");
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/stop"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);

    // The two left are skipped for a reason stored as a word, and shown in the reader's words.
    let skipped: Value = api(
        &server,
        &token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}/recipients?status=skipped"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(skipped["total"], 2, "{skipped}");
    assert_eq!(skipped["recipients"][0]["error"], "stopped", "{skipped}");
    let unknown = api(
        &server,
        &token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}/recipients?status=lost"),
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (client, _) = signed_in(&server, "admin@example.org", Role::Admin).await;
    for (lang, words) in [
        ("fr", "envoi a été arrêté"),
        ("en", "The sending was stopped"),
    ] {
        let report = client
            .get(server.url(&format!("/dashboard/campaigns/{id}/report?status=skipped")))
            .header(header::ACCEPT_LANGUAGE, lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(report.matches(words).count(), 2, "{lang}: {report}");
    }

    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/campaigns",
        "/api/v1/campaigns/{id}",
        "/api/v1/campaigns/{id}/test",
        "/api/v1/campaigns/{id}/send",
        "/api/v1/campaigns/{id}/schedule",
        "/api/v1/campaigns/{id}/recipients",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    server.stop().await;
}
