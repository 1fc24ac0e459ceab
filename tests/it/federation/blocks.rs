//! Blocks; Private addresses.

use super::*;

both_backends!(async a_blocked_actor_cannot_follow_and_nothing_is_stored);
async fn a_blocked_actor_cannot_follow_and_nothing_is_stored(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let bob = peer.add_actor("bob").await;

    // Alice follows, then is blocked: her follow ends.
    follow_and_settle(&peer, "alice", &server).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::audience::blocks::block(
            &mut conn,
            cheminement::audience::BlockKind::Actor,
            &alice,
        )
        .unwrap();
    }
    assert!(follower_ids(&server).is_empty(), "the block removed her");
    let received_before = count_received_activities(&server);
    let jobs_before = count_deliveries(&server);

    let answer = peer
        .post_signed(
            "alice",
            &inbox_url(&server),
            &follow_of(&peer, "alice", &server),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{backend:?}");
    let answer = peer
        .post_signed(
            "alice",
            &server.url("/inbox"),
            &follow_of(&peer, "alice", &server),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN, "shared inbox");
    server.settle().await;
    assert!(follower_ids(&server).is_empty());
    assert_eq!(count_received_activities(&server), received_before);
    assert_eq!(count_deliveries(&server), jobs_before, "no Accept");

    // Bob, on the same server, is not blocked.
    follow_and_settle(&peer, "bob", &server).await;
    assert_eq!(follower_ids(&server), vec![bob]);
}

both_backends!(async an_actor_blocked_before_any_contact_is_refused_and_not_stored);
async fn an_actor_blocked_before_any_contact_is_refused_and_not_stored(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::audience::blocks::block(
            &mut conn,
            cheminement::audience::BlockKind::Actor,
            &alice,
        )
        .unwrap();
    }
    let answer = peer
        .post_signed(
            "alice",
            &inbox_url(&server),
            &follow_of(&peer, "alice", &server),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{backend:?}");
    server.settle().await;
    assert!(follower_ids(&server).is_empty());
    assert_eq!(count_received_activities(&server), 0);
    assert_eq!(count_deliveries(&server), 0);
    assert_eq!(count_remote_actors(&server), 0, "her document is not kept");
}

both_backends!(async without_private_addresses_a_delivery_to_loopback_fails_as_refused);
async fn without_private_addresses_a_delivery_to_loopback_fails_as_refused(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start_with(
        &storage,
        &[("CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES", "false")],
    )
    .await;
    assert!(!server.app.settings.allow_private_addresses);
    // The server still answers.
    let answer = reqwest::Client::new()
        .get(server.url("/.well-known/nodeinfo"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{backend:?}");

    let peer = Peer::start().await;
    let activity = json!({
        "@context": AS,
        "id": format!("{}/activities/test", server.base),
        "type": "Create",
        "actor": actor_url(&server),
        "object": { "id": server.url("/news/x"), "type": "Note", "content": "hello" },
    });
    let inboxes = [
        format!("{}/inbox", peer.base),
        // https to a loopback name: refused by the address check, not the scheme check.
        format!(
            "https://localhost:{}/inbox",
            peer.domain.rsplit(':').next().unwrap()
        ),
        format!(
            "https://127.0.0.1:{}/inbox",
            peer.domain.rsplit(':').next().unwrap()
        ),
    ];
    {
        let mut conn = server.app.db.conn().unwrap();
        let n =
            cheminement::federation::delivery::to_inboxes(&mut conn, &activity, &inboxes).unwrap();
        assert_eq!(n, inboxes.len());
    }
    server.app.jobs.wake();
    server.settle().await;

    let jobs = all_jobs(&server);
    assert_eq!(jobs.len(), inboxes.len());
    for (kind, status, attempts, error, payload) in jobs {
        assert_eq!(kind, "deliver");
        assert_eq!(status, "failed", "{payload}: {error:?}");
        assert_eq!(attempts, 1, "not retried: {payload}");
        let error = error.unwrap_or_default();
        assert!(error.contains("refus"), "{payload}: {error}");
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(peer.received().is_empty(), "the peer received nothing");
}
