//! Federation through the real router: WebFinger, NodeInfo and the actor document; the inbox
//! (Follow, Undo, Delete, replays, unknown activities, refusals of bad input); deliveries of
//! posts to followers; blocks; and the refusal to deliver to private addresses.
//!
//! The other side is the "fake peer" of `common::peer`: a small axum server on loopback that
//! serves actor documents with their keys, signs what it sends as activitypub_federation does,
//! and keeps every POST it receives so that the test can check what the server delivered (and
//! verify its signature with the server's public key).

use std::time::Duration;

use activitypub_federation::http_signatures::generate_actor_keypair;
use axum::http::{StatusCode, header};
use base64::Engine;
use cheminement::{
    accounts::Role,
    db::schema::{followers, jobs, received_activities, remote_actors},
};
use diesel::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

use crate::common::{peer::*, *};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn actor_url(server: &TestServer) -> String {
    server.app.actor.id.to_string()
}

fn inbox_url(server: &TestServer) -> String {
    server.app.actor.inbox.to_string()
}

fn follow_of(peer: &Peer, name: &str, server: &TestServer) -> Value {
    json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": peer.actor_id(name),
        "object": actor_url(server),
    })
}

fn count_received_activities(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    received_activities::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// Deliveries queued: one job per inbox (the `publish` effect that made them is not one).
fn count_deliveries(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .filter(jobs::kind.eq(cheminement::federation::delivery::JOB_KIND))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

fn follower_ids(server: &TestServer) -> Vec<String> {
    let mut conn = server.app.db.conn().unwrap();
    let mut ids: Vec<String> = followers::table
        .select(followers::actor_id)
        .load(&mut *conn)
        .unwrap();
    ids.sort();
    ids
}

fn count_remote_actors(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    remote_actors::table.count().get_result(&mut *conn).unwrap()
}

/// Every job, as (kind, status, attempts, last_error, payload).
fn all_jobs(server: &TestServer) -> Vec<(String, String, i32, Option<String>, String)> {
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .order(jobs::id.asc())
        .select((
            jobs::kind,
            jobs::status,
            jobs::attempts,
            jobs::last_error,
            jobs::payload,
        ))
        .load(&mut *conn)
        .unwrap()
}

/// Follows the server from the peer's actor NAME and waits for the Accept to be delivered.
async fn follow_and_settle(peer: &Peer, name: &str, server: &TestServer) -> Value {
    let follow = follow_of(peer, name, server);
    let answer = peer.post_signed(name, &inbox_url(server), &follow).await;
    assert_eq!(
        answer.status(),
        StatusCode::ACCEPTED,
        "{}",
        answer.text().await.unwrap()
    );
    server.settle().await;
    follow
}

fn webfinger_url(server: &TestServer, resource: &str) -> Url {
    let mut url = Url::parse(&server.url("/.well-known/webfinger")).unwrap();
    url.query_pairs_mut().append_pair("resource", resource);
    url
}

fn api(server: &TestServer, token: &str) -> (reqwest::Client, String, String) {
    (
        reqwest::Client::new(),
        server.base.clone(),
        format!("Bearer {token}"),
    )
}

async fn api_followers(server: &TestServer, token: &str) -> Value {
    let (client, base, auth) = api(server, token);
    let answer = client
        .get(format!("{base}/api/v1/followers"))
        .header(header::AUTHORIZATION, auth)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// Discovery: WebFinger, the actor document, NodeInfo
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Follow, Accept, Undo, Delete
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Delivery of posts
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Private addresses
// ---------------------------------------------------------------------------------------------

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
