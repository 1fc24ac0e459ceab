//! Bad input; Delivery of posts.

use super::*;

fn digest_of(body: &[u8]) -> String {
    format!(
        "SHA-256={}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
    )
}

both_backends!(async bad_inbox_requests_are_refused_with_the_right_status_and_never_500);
async fn bad_inbox_requests_are_refused_with_the_right_status_and_never_500(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    peer.add_actor("alice").await;
    let client = reqwest::Client::new();
    let inbox = inbox_url(&server);
    let follow = follow_of(&peer, "alice", &server).to_string();

    // Unsigned, without a Digest.
    let answer = client
        .post(&inbox)
        .header(header::CONTENT_TYPE, "application/activity+json")
        .body(follow.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{backend:?}");

    // Unsigned, with a correct Digest.
    let answer = client
        .post(&inbox)
        .header(header::CONTENT_TYPE, "application/activity+json")
        .header("digest", digest_of(follow.as_bytes()))
        .body(follow.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::UNAUTHORIZED,
        "unsigned with a Digest: {}",
        answer.text().await.unwrap()
    );

    // RFC 9421: Content-Digest, Signature-Input and Signature, no draft-cavage headers.
    // 401 lets a sender that tries RFC 9421 first fall back to draft-cavage.
    let content_digest = format!(
        "sha-256=:{}:",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(follow.as_bytes()))
    );
    let signature_input = format!(
        "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created={};keyid=\"{}#main-key\"",
        chrono::Utc::now().timestamp(),
        peer.actor_id("alice")
    );
    for with_signature in [false, true] {
        let mut request = client
            .post(&inbox)
            .header(header::CONTENT_TYPE, "application/activity+json")
            .header("content-digest", &content_digest)
            .header("signature-input", &signature_input);
        if with_signature {
            request = request.header("signature", "sig1=:AAAA:");
        }
        let answer = request.body(follow.clone()).send().await.unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::UNAUTHORIZED,
            "RFC 9421 (Signature header: {with_signature}): {}",
            answer.text().await.unwrap()
        );
    }

    // Signed with another key than the actor's.
    let other_keys = generate_actor_keypair().unwrap();
    let forger = peer.signer(&peer.actor_id("alice"), &other_keys).await;
    let answer = peer.post_with(&forger, &inbox, follow.clone()).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "wrong key");

    // A valid signature over a body that was changed afterwards (Digest no longer matches).
    let signer = peer.signer_of("alice");
    let request = peer
        .client
        .post(&inbox)
        .header(header::HOST, format!("localhost:{}", server.port))
        .header(
            header::DATE,
            httpdate::fmt_http_date(std::time::SystemTime::now()),
        )
        .header(header::CONTENT_TYPE, "application/activity+json");
    let mut request = signer
        .to_request_data()
        .sign_request(request, bytes::Bytes::from(follow.clone()))
        .await
        .unwrap();
    let tampered = follow.replace("Follow", "Block");
    *request.body_mut() = Some(tampered.into());
    let answer = peer.client.execute(request).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "tampered body");

    // Malformed JSON with a valid Digest.
    let broken = b"{\"type\": \"Follow\", ".to_vec();
    let answer = client
        .post(&inbox)
        .header(header::CONTENT_TYPE, "application/activity+json")
        .header("digest", digest_of(&broken))
        .body(broken.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::UNAUTHORIZED,
        "malformed JSON, unsigned: refused before it is read"
    );
    // Signed, it is read and refused as malformed.
    let answer = peer
        .post_with(&signer, &inbox, String::from_utf8(broken).unwrap())
        .await;
    assert_eq!(
        answer.status(),
        StatusCode::BAD_REQUEST,
        "malformed, signed"
    );

    // Not an activity content type.
    let answer = peer_post_plain(&client, &inbox, "text/plain", follow.clone()).await;
    assert_eq!(answer, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let answer = client
        .post(&inbox)
        .body(follow.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "no content type"
    );

    // Over 1 MiB.
    let big = format!(
        "{{\"type\":\"Note\",\"content\":\"{}\"}}",
        "a".repeat(1024 * 1024)
    );
    let answer = client
        .post(&inbox)
        .header(header::CONTENT_TYPE, "application/activity+json")
        .header("digest", digest_of(big.as_bytes()))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let answer = client
        .post(server.url("/inbox"))
        .header(header::CONTENT_TYPE, "application/activity+json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "shared inbox"
    );

    // A Follow of an actor that is not ours, correctly signed: refused, not 500.
    let mut wrong_object = follow_of(&peer, "alice", &server);
    wrong_object["object"] = json!(format!("{}/actors/someone-else", server.base));
    let answer = peer.post_signed("alice", &inbox, &wrong_object).await;
    assert!(answer.status().is_client_error(), "{}", answer.status());

    // An actor the peer does not serve.
    let ghost = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": peer.actor_id("ghost"),
        "object": actor_url(&server),
    });
    let answer = peer.post_with(&signer, &inbox, ghost.to_string()).await;
    assert!(answer.status().is_client_error(), "{}", answer.status());

    server.settle().await;
    assert!(follower_ids(&server).is_empty(), "nothing was followed");
    assert_eq!(count_received_activities(&server), 0, "nothing recorded");
    assert_eq!(count_deliveries(&server), 0, "nothing sent");
    assert!(peer.received().is_empty());
}

async fn peer_post_plain(
    client: &reqwest::Client,
    url: &str,
    content_type: &str,
    body: String,
) -> StatusCode {
    client
        .post(url)
        .header(header::CONTENT_TYPE, content_type)
        .header("digest", digest_of(body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

both_backends!(async publishing_edits_and_deletes_reach_each_shared_inbox_once_signed);
async fn publishing_edits_and_deletes_reach_each_shared_inbox_once_signed(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("admin@example.org", Role::Admin);
    let peer = Peer::start().await;
    peer.add_actor("alice").await;
    peer.add_actor("bob").await;
    follow_and_settle(&peer, "alice", &server).await;
    follow_and_settle(&peer, "bob", &server).await;
    assert_eq!(follower_ids(&server).len(), 2);
    peer_wait_for(&peer, 2).await;
    peer.clear();
    let jobs_before = count_deliveries(&server);

    let (client, base, auth) = api(&server, &token);
    let answer = client
        .post(format!("{base}/api/v1/posts"))
        .header(header::AUTHORIZATION, &auth)
        .json(&json!({
            "title": "Yoga on Sunday",
            "summary": "Bring a mat",
            "body": "Every *Sunday* at 10.",
            "publish": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED, "{backend:?}");
    let created: Value = answer.json().await.unwrap();
    let post_id = created["id"].as_i64().unwrap();
    let ap_id = created["ap_id"].as_str().unwrap().to_string();
    server.settle().await;

    assert_eq!(
        count_deliveries(&server) - jobs_before,
        1,
        "two followers behind one shared inbox: one job"
    );
    peer_wait_for(&peer, 1).await;
    // Give a second (wrong) delivery the time to arrive.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let got = peer.received();
    assert_eq!(got.len(), 1, "one delivery: {got:?}");
    let create = &got[0];
    assert_eq!(create.path, "/inbox", "to the shared inbox");
    verify_server_signature(create, &server);
    let body = create.json();
    assert_eq!(body["type"], "Create", "{body}");
    assert_eq!(body["actor"], actor_url(&server));
    assert_eq!(body["object"]["type"], "Article");
    assert_eq!(body["object"]["id"], json!(ap_id));
    assert_eq!(body["object"]["name"], "Yoga on Sunday");
    assert!(
        body["object"]["content"]
            .as_str()
            .unwrap()
            .contains("<em>Sunday</em>")
    );
    assert!(
        body["to"]
            .as_array()
            .unwrap()
            .contains(&json!(format!("{AS}#Public")))
    );
    assert_eq!(
        create.headers[header::CONTENT_TYPE],
        "application/activity+json"
    );

    // The outbox lists it.
    let outbox: Value = reqwest::Client::new()
        .get(format!("{}/outbox", actor_url(&server)))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["totalItems"], 1);
    let first = outbox["first"].as_str().unwrap().to_string();
    assert!(first.ends_with("/outbox?page=1"), "{first}");
    let page: Value = reqwest::Client::new()
        .get(&first)
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["type"], "OrderedCollectionPage");
    let items = page["orderedItems"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["type"], "Create");
    assert_eq!(items[0]["object"]["id"], json!(ap_id));

    // An edit: an Update of the same object.
    peer.clear();
    let answer = client
        .put(format!("{base}/api/v1/posts/{post_id}"))
        .header(header::AUTHORIZATION, &auth)
        .json(&json!({
            "title": "Yoga on Sunday (moved)",
            "body": "Every *Sunday* at 11.",
            "publish": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    server.settle().await;
    let got = peer_wait_for(&peer, 1).await;
    assert_eq!(got.len(), 1);
    verify_server_signature(&got[0], &server);
    let update = got[0].json();
    assert_eq!(update["type"], "Update", "{update}");
    assert_eq!(update["object"]["id"], json!(ap_id), "the same object id");
    assert_eq!(update["object"]["name"], "Yoga on Sunday (moved)");
    assert_ne!(update["id"], body["id"], "a new activity id");

    // Deleting it: a Delete of the same object.
    peer.clear();
    let answer = client
        .delete(format!("{base}/api/v1/posts/{post_id}"))
        .header(header::AUTHORIZATION, &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    server.settle().await;
    let got = peer_wait_for(&peer, 1).await;
    assert_eq!(got.len(), 1);
    verify_server_signature(&got[0], &server);
    let delete = got[0].json();
    assert_eq!(delete["type"], "Delete", "{delete}");
    let object_id = delete["object"]
        .get("id")
        .cloned()
        .unwrap_or_else(|| delete["object"].clone());
    assert_eq!(object_id, json!(ap_id));

    // Every delivery job is done.
    for (kind, status, _, error, _) in all_jobs(&server) {
        assert_eq!(status, "done", "{kind}: {error:?}");
    }
}

both_backends!(async a_draft_is_not_delivered);
async fn a_draft_is_not_delivered(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("admin@example.org", Role::Admin);
    let peer = Peer::start().await;
    peer.add_actor("alice").await;
    follow_and_settle(&peer, "alice", &server).await;
    peer_wait_for(&peer, 1).await;
    peer.clear();
    let jobs_before = count_deliveries(&server);
    let (client, base, auth) = api(&server, &token);
    let answer = client
        .post(format!("{base}/api/v1/posts"))
        .header(header::AUTHORIZATION, &auth)
        .json(&json!({ "title": "Not yet", "body": "draft", "publish": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED, "{backend:?}");
    server.settle().await;
    assert_eq!(count_deliveries(&server), jobs_before);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(peer.received().is_empty());
}
