//! Discovery: WebFinger, the actor document, NodeInfo; Follow, Accept, Undo, Delete.

use super::*;

both_backends!(async webfinger_finds_the_actor_and_the_actor_document_has_what_mastodon_reads);
async fn webfinger_finds_the_actor_and_the_actor_document_has_what_mastodon_reads(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = reqwest::Client::new();
    let domain = format!("localhost:{}", server.port);

    let answer = client
        .get(webfinger_url(&server, &format!("acct:asso@{domain}")))
        .header(header::ACCEPT, "application/jrd+json, application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{backend:?}");
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "application/jrd+json"
    );
    let jrd: Value = answer.json().await.unwrap();
    assert_eq!(jrd["subject"], format!("acct:asso@{domain}"));
    let links = jrd["links"].as_array().unwrap();
    let self_link = links
        .iter()
        .find(|l| l["rel"] == "self")
        .expect("a self link");
    assert_eq!(self_link["type"], "application/activity+json");
    let actor_id = self_link["href"].as_str().unwrap().to_string();
    assert_eq!(actor_id, actor_url(&server));

    let answer = client
        .get(&actor_id)
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/activity+json")
    );
    let actor: Value = answer.json().await.unwrap();
    assert_eq!(actor["id"], actor_id);
    let context = actor["@context"].as_array().expect("@context is an array");
    assert!(context.contains(&json!(AS)));
    assert!(
        context.contains(&json!("https://w3id.org/security/v1")),
        "security/v1 in the context, or publicKey is ignored by Fedify and others"
    );
    assert!(
        ["Person", "Organization", "Service", "Application", "Group"]
            .contains(&actor["type"].as_str().unwrap())
    );
    assert_eq!(actor["preferredUsername"], "asso");
    assert_eq!(actor["publicKey"]["id"], format!("{actor_id}#main-key"));
    assert_eq!(actor["publicKey"]["owner"], actor_id);
    assert!(
        actor["publicKey"]["publicKeyPem"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----")
    );
    assert_eq!(actor["inbox"], format!("{actor_id}/inbox"));
    assert_eq!(actor["outbox"], format!("{actor_id}/outbox"));
    assert_eq!(actor["followers"], format!("{actor_id}/followers"));
    assert_eq!(actor["endpoints"]["sharedInbox"], server.url("/inbox"));
    assert_eq!(actor["discoverable"], true);
    assert_eq!(actor["manuallyApprovesFollowers"], false);

    // Mastodon's round trip: preferredUsername + the actor's host gives back the same id.
    let id = Url::parse(&actor_id).unwrap();
    let host = format!("{}:{}", id.host_str().unwrap(), id.port().unwrap());
    let again: Value = client
        .get(webfinger_url(
            &server,
            &format!(
                "acct:{}@{host}",
                actor["preferredUsername"].as_str().unwrap()
            ),
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let href = again["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self")
        .unwrap()["href"]
        .clone();
    assert_eq!(href, json!(actor_id), "WebFinger loops back to the actor");

    for unknown in [
        format!("acct:nobody@{domain}"),
        "acct:asso@elsewhere.example".to_string(),
    ] {
        let answer = client
            .get(webfinger_url(&server, &unknown))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{unknown}");
    }
    let answer = client
        .get(server.url("/actors/nobody"))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}

both_backends!(async nodeinfo_links_2_0_and_2_1_and_both_documents_answer);
async fn nodeinfo_links_2_0_and_2_1_and_both_documents_answer(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = reqwest::Client::new();
    let links: Value = client
        .get(server.url("/.well-known/nodeinfo"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let links = links["links"].as_array().unwrap();
    for version in ["2.0", "2.1"] {
        let rel = format!("http://nodeinfo.diaspora.software/ns/schema/{version}");
        let href = links
            .iter()
            .find(|l| l["rel"] == json!(rel))
            .unwrap_or_else(|| panic!("a link to NodeInfo {version}"))["href"]
            .as_str()
            .unwrap()
            .to_string();
        let answer = client.get(&href).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{backend:?} {href}");
        let doc: Value = answer.json().await.unwrap();
        assert_eq!(doc["version"], version);
        assert_eq!(doc["protocols"], json!(["activitypub"]));
        assert_eq!(doc["software"]["name"], "cheminement");
        assert!(doc["usage"]["users"]["total"].is_number());
        assert_eq!(doc["openRegistrations"], false);
    }
    assert_eq!(
        client
            .get(server.url("/nodeinfo/9.9"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

both_backends!(async a_signed_follow_is_accepted_with_a_signed_accept_and_listed_once);
async fn a_signed_follow_is_accepted_with_a_signed_accept_and_listed_once(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("admin@example.org", Role::Admin);
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;

    let follow = follow_and_settle(&peer, "alice", &server).await;

    let got = peer_wait_for(&peer, 1).await;
    assert_eq!(got.len(), 1, "one Accept: {got:?}");
    let accept = &got[0];
    assert_eq!(
        accept.path, "/users/alice/inbox",
        "the Accept goes to the follower's own inbox"
    );
    verify_server_signature(accept, &server);
    let body = accept.json();
    assert_eq!(body["type"], "Accept", "{body}");
    assert_eq!(body["actor"], actor_url(&server));
    assert_eq!(body["object"]["type"], "Follow");
    assert_eq!(body["object"]["id"], follow["id"], "the same Follow id");
    assert_eq!(body["object"]["actor"], json!(alice), "a plain URI");
    assert_eq!(body["object"]["object"], json!(actor_url(&server)));
    assert!(
        body["id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/", server.base))
    );

    let list = api_followers(&server, &token).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["actor_id"], json!(alice));
    assert_eq!(list["items"][0]["inbox"], json!(format!("{alice}/inbox")));
    assert_eq!(
        list["items"][0]["shared_inbox"],
        json!(format!("{}/inbox", peer.base))
    );
    let collection: Value = reqwest::Client::new()
        .get(format!("{}/followers", actor_url(&server)))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(collection["totalItems"], 1);

    // A second Follow (a new id) refreshes the follow and is accepted again, not doubled.
    let second = follow_and_settle(&peer, "alice", &server).await;
    let got = peer_wait_for(&peer, 2).await;
    assert_eq!(got[1].json()["object"]["id"], second["id"]);
    assert_eq!(follower_ids(&server), vec![alice.clone()]);
    assert_eq!(api_followers(&server, &token).await["total"], 1);
}

both_backends!(async a_replayed_follow_changes_nothing_and_stores_nothing_twice);
async fn a_replayed_follow_changes_nothing_and_stores_nothing_twice(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;

    let follow = follow_and_settle(&peer, "alice", &server).await;
    assert_eq!(count_received_activities(&server), 1);
    assert_eq!(count_deliveries(&server), 1, "one Accept queued");

    // The same activity again (a fresh signature over the same body), as a retrying sender
    // or an attacker replaying it would send it.
    let again = peer
        .post_signed("alice", &inbox_url(&server), &follow)
        .await;
    assert_eq!(again.status(), StatusCode::ACCEPTED, "{backend:?}");
    // And through the shared inbox.
    let again = peer
        .post_signed("alice", &server.url("/inbox"), &follow)
        .await;
    assert_eq!(again.status(), StatusCode::ACCEPTED);
    server.settle().await;

    assert_eq!(count_received_activities(&server), 1, "recorded once");
    assert_eq!(count_deliveries(&server), 1, "no second Accept");
    assert_eq!(follower_ids(&server), vec![alice]);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(peer.received().len(), 1, "the peer got one Accept");
}

both_backends!(async undo_of_a_follow_embedded_or_by_id_removes_the_follower);
async fn undo_of_a_follow_embedded_or_by_id_removes_the_follower(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;

    // Embedded Follow, as Mastodon sends it.
    let follow = follow_and_settle(&peer, "alice", &server).await;
    assert_eq!(follower_ids(&server), vec![alice.clone()]);
    let undo = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": alice,
        "object": follow,
    });
    let answer = peer.post_signed("alice", &inbox_url(&server), &undo).await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED, "{backend:?}");
    assert!(follower_ids(&server).is_empty(), "embedded Undo{{Follow}}");

    // The Follow given by its id only.
    let follow = follow_and_settle(&peer, "alice", &server).await;
    assert_eq!(follower_ids(&server), vec![alice.clone()]);
    let undo = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": alice,
        "object": follow["id"],
    });
    let answer = peer
        .post_signed("alice", &server.url("/inbox"), &undo)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    assert!(
        follower_ids(&server).is_empty(),
        "Undo with the Follow's id"
    );
}

both_backends!(async an_undo_of_someone_elses_follow_is_refused_and_changes_nothing);
async fn an_undo_of_someone_elses_follow_is_refused_and_changes_nothing(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let mallory = peer.add_actor("mallory").await;

    let follow = follow_and_settle(&peer, "alice", &server).await;
    let before_received = count_received_activities(&server);

    // Mallory signs an Undo of Alice's Follow, embedded.
    let undo = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": mallory,
        "object": follow,
    });
    let answer = peer
        .post_signed("mallory", &inbox_url(&server), &undo)
        .await;
    let status = answer.status();
    assert!(
        status.is_client_error(),
        "{backend:?}: {status} {}",
        answer.text().await.unwrap()
    );
    assert_eq!(follower_ids(&server), vec![alice.clone()]);
    assert_eq!(count_received_activities(&server), before_received);

    // ... and by the Follow's id: not hers, so nothing is removed.
    let undo = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": mallory,
        "object": follow["id"],
    });
    let answer = peer
        .post_signed("mallory", &inbox_url(&server), &undo)
        .await;
    assert!(!answer.status().is_server_error(), "{}", answer.status());
    assert_eq!(follower_ids(&server), vec![alice.clone()]);

    // Mallory claiming to be Alice in the activity, signed with her own key: refused.
    let undo = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": alice,
        "object": follow,
    });
    let answer = peer
        .post_with(
            &peer.signer_of("mallory"),
            &inbox_url(&server),
            undo.to_string(),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(follower_ids(&server), vec![alice]);
}

both_backends!(async a_delete_of_the_actor_itself_removes_the_follower);
async fn a_delete_of_the_actor_itself_removes_the_follower(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let bob = peer.add_actor("bob").await;
    follow_and_settle(&peer, "alice", &server).await;
    follow_and_settle(&peer, "bob", &server).await;
    assert_eq!(follower_ids(&server), vec![alice.clone(), bob.clone()]);

    // A Delete of something else (a post of hers we never stored) changes nothing.
    let delete_note = json!({
        "@context": AS,
        "id": format!("{alice}#delete-note"),
        "type": "Delete",
        "actor": alice,
        "object": { "id": format!("{}/notes/1", peer.base), "type": "Tombstone" },
    });
    let answer = peer
        .post_signed("alice", &inbox_url(&server), &delete_note)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    assert_eq!(follower_ids(&server), vec![alice.clone(), bob.clone()]);

    let delete = json!({
        "@context": AS,
        "id": format!("{alice}#delete"),
        "type": "Delete",
        "actor": alice,
        "object": alice,
        "to": [format!("{AS}#Public")],
    });
    let answer = peer
        .post_signed("alice", &server.url("/inbox"), &delete)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED, "{backend:?}");
    assert_eq!(follower_ids(&server), vec![bob], "only Alice is gone");
    let mut conn = server.app.db.conn().unwrap();
    let known: i64 = remote_actors::table
        .filter(remote_actors::ap_id.eq(&alice))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(known, 0, "the deleted actor is forgotten");
}

both_backends!(async unknown_activities_and_activities_about_unknown_objects_get_202_and_change_nothing);
async fn unknown_activities_and_activities_about_unknown_objects_get_202_and_change_nothing(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    follow_and_settle(&peer, "alice", &server).await;
    let jobs_before = count_deliveries(&server);

    let like = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Like",
        "actor": alice,
        "object": server.url("/news/something"),
    });
    let answer = peer.post_signed("alice", &inbox_url(&server), &like).await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED, "{backend:?}");

    let undo_unknown = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": alice,
        "object": peer.new_id(),
    });
    let answer = peer
        .post_signed("alice", &inbox_url(&server), &undo_unknown)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);

    let undo_like = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Undo",
        "actor": alice,
        "object": like,
    });
    let answer = peer
        .post_signed("alice", &inbox_url(&server), &undo_like)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);

    server.settle().await;
    assert_eq!(follower_ids(&server), vec![alice], "still following");
    assert_eq!(count_deliveries(&server), jobs_before, "nothing sent");
}
