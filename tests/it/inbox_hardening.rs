//! The inbox takes only what was signed: each probe an attacker tried is here, signed by hand so
//! that a test can leave out or repeat exactly one thing. Also: what the inbox keeps of an
//! activity, the outbox's paging past its end, and the outgoing client's refusal to connect to
//! names that resolve to loopback.

use activitypub_federation::http_signatures::Keypair;
use axum::http::StatusCode;
use base64::Engine;
use cheminement::db::schema::{followers, received_activities};
use diesel::prelude::*;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, pkcs8::DecodePrivateKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::{peer::*, *};

fn digest_of(body: &[u8]) -> String {
    format!(
        "SHA-256={}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
    )
}

fn http_date(offset: chrono::Duration) -> String {
    httpdate::fmt_http_date((chrono::Utc::now() + offset).into())
}

/// A draft-cavage `Signature` header over `covered`, made with `keys`, naming `key_id`.
fn signature(
    keys: &Keypair,
    key_id: &str,
    path: &str,
    headers: &[(&str, String)],
    covered: &str,
) -> String {
    let lines: Vec<String> = covered
        .split(' ')
        .map(|name| {
            if name == "(request-target)" {
                format!("(request-target): post {path}")
            } else {
                let value = &headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .unwrap_or_else(|| panic!("no {name} header to sign"))
                    .1;
                format!("{name}: {value}")
            }
        })
        .collect();
    let key = RsaPrivateKey::from_pkcs8_pem(&keys.private_key).unwrap();
    let signed = key
        .sign(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(lines.join("\n").as_bytes()),
        )
        .unwrap();
    format!(
        "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{covered}\",signature=\"{}\"",
        base64::engine::general_purpose::STANDARD.encode(signed)
    )
}

/// What one probe sends: the headers in order (repeats allowed), and the body.
struct Probe {
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Probe {
    /// A request signed as the crate signs: `(request-target) host date digest`, by `name`.
    fn signed(peer: &Peer, name: &str, server: &TestServer, body: &Value) -> Probe {
        let body = body.to_string();
        let headers = vec![
            ("host", format!("localhost:{}", server.port)),
            ("date", http_date(chrono::Duration::zero())),
            ("digest", digest_of(body.as_bytes())),
        ];
        let mut probe = Probe { headers, body };
        probe.sign(peer, name, "(request-target) host date digest");
        probe
    }

    fn set(&mut self, name: &'static str, value: String) {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
    }

    /// Signs the current headers with `name`'s key (and key id), replacing any signature.
    fn sign(&mut self, peer: &Peer, name: &str, covered: &str) {
        let key_id = format!("{}#main-key", peer.actor_id(name));
        self.sign_as(&peer.keys_of(name), &key_id, covered);
    }

    fn sign_as(&mut self, keys: &Keypair, key_id: &str, covered: &str) {
        self.headers.retain(|(n, _)| *n != "signature");
        let value = signature(keys, key_id, "/inbox", &self.headers, covered);
        self.headers.push(("signature", value));
    }

    async fn send(&self, server: &TestServer) -> (StatusCode, String) {
        let mut request = reqwest::Client::new()
            .post(server.url("/inbox"))
            .header("content-type", "application/activity+json");
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        let answer = request.body(self.body.clone()).send().await.unwrap();
        (answer.status(), answer.text().await.unwrap())
    }
}

fn follow(peer: &Peer, name: &str, server: &TestServer) -> Value {
    json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": peer.actor_id(name),
        "object": server.app.actor.id.to_string(),
    })
}

fn follower_count(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    followers::table.count().get_result(&mut *conn).unwrap()
}

fn received_count(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    received_activities::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

async fn setup(backend: Backend) -> (Storage, TestServer, Peer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    peer.add_actor("alice").await;
    peer.add_actor("bob").await;
    (storage, server, peer)
}

both_backends!(async a_follow_signed_by_hand_as_the_crate_signs_is_accepted);
async fn a_follow_signed_by_hand_as_the_crate_signs_is_accepted(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    let probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
    let (status, text) = probe.send(&server).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{backend:?}: {text}");
    assert_eq!(follower_count(&server), 1);
}

both_backends!(async a_second_digest_header_cannot_smuggle_an_unsigned_body);
async fn a_second_digest_header_cannot_smuggle_an_unsigned_body(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    // Alice signed a harmless Like; the body sent is a Follow she never signed, and the
    // first Digest header is the Follow's.
    let signed_body = json!({
        "@context": AS, "id": peer.new_id(), "type": "Like",
        "actor": peer.actor_id("alice"), "object": "https://elsewhere.example/notes/1",
    });
    let mut probe = Probe::signed(&peer, "alice", &server, &signed_body);
    let forged = follow(&peer, "alice", &server).to_string();
    let signed_digest = digest_of(signed_body.to_string().as_bytes());
    probe.headers.retain(|(n, _)| *n != "digest");
    probe
        .headers
        .insert(0, ("digest", digest_of(forged.as_bytes())));
    probe.headers.push(("digest", signed_digest));
    probe.body = forged;
    let (status, text) = probe.send(&server).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{backend:?}: {text}");
    server.settle().await;
    assert_eq!(
        follower_count(&server),
        0,
        "the forged Follow was not acted on"
    );
    assert_eq!(received_count(&server), 0, "nothing recorded");
}

both_backends!(async repeated_signature_date_or_host_headers_are_refused);
async fn repeated_signature_date_or_host_headers_are_refused(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    for repeated in ["signature", "date"] {
        let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
        let copy = probe
            .headers
            .iter()
            .find(|(n, _)| *n == repeated)
            .unwrap()
            .1
            .clone();
        probe.headers.push((repeated, copy));
        let (status, text) = probe.send(&server).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{repeated}: {text}");
    }
    assert_eq!(follower_count(&server), 0);
}

both_backends!(async a_request_signed_for_another_server_is_refused);
async fn a_request_signed_for_another_server_is_refused(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    // Captured on its way to mastodon.example, replayed to us with its Host.
    let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
    probe.set("host", "mastodon.example".into());
    probe.sign(&peer, "alice", "(request-target) host date digest");
    let (status, text) = probe.send(&server).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend:?}: {text}");
    assert!(text.contains("another server"), "{text}");
    assert_eq!(follower_count(&server), 0);
}

both_backends!(async a_signature_must_cover_target_host_date_and_digest);
async fn a_signature_must_cover_target_host_date_and_digest(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    for covered in [
        "(request-target) host date",
        "host date digest",
        "(request-target) date digest",
        "(request-target) host digest",
    ] {
        let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
        probe.sign(&peer, "alice", covered);
        let (status, text) = probe.send(&server).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{covered}: {text}");
    }
    assert_eq!(follower_count(&server), 0);
}

both_backends!(async a_date_far_ahead_unreadable_too_old_or_missing_is_refused);
async fn a_date_far_ahead_unreadable_too_old_or_missing_is_refused(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    for date in [
        Some(http_date(chrono::Duration::days(365))),
        Some(http_date(chrono::Duration::hours(2))),
        Some(http_date(-chrono::Duration::hours(2))),
        Some("tomorrow at noon".to_string()),
        None,
    ] {
        let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
        match &date {
            Some(value) => {
                probe.set("date", value.clone());
                probe.sign(&peer, "alice", "(request-target) host date digest");
            }
            None => {
                probe.headers.retain(|(n, _)| *n != "date");
                probe.sign(&peer, "alice", "(request-target) host digest");
            }
        }
        let (status, text) = probe.send(&server).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "Date {date:?}: {text}");
    }
    assert_eq!(follower_count(&server), 0);
}

both_backends!(async the_key_must_belong_to_the_activitys_actor);
async fn the_key_must_belong_to_the_activitys_actor(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    // Alice's Follow, signed with her key, but the keyId names Bob's key.
    let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
    let bob_key = format!("{}#main-key", peer.actor_id("bob"));
    probe.sign_as(
        &peer.keys_of("alice"),
        &bob_key,
        "(request-target) host date digest",
    );
    let (status, text) = probe.send(&server).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend:?}: {text}");
    assert!(text.contains("keyId"), "{text}");
    // Bob signing Alice's Follow with his own key and key id.
    let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
    probe.sign(&peer, "bob", "(request-target) host date digest");
    let (status, _) = probe.send(&server).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(follower_count(&server), 0);
}

both_backends!(async nothing_is_fetched_for_an_unsigned_request);
async fn nothing_is_fetched_for_an_unsigned_request(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    let mut probe = Probe::signed(&peer, "alice", &server, &follow(&peer, "alice", &server));
    probe.headers.retain(|(n, _)| *n != "signature");
    let (status, _) = probe.send(&server).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend:?}");
    // A signature header that is not draft-cavage is no signature either.
    probe.headers.push(("signature", "sig1=:AAAA:".into()));
    let (status, _) = probe.send(&server).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        peer.fetched().is_empty(),
        "the actor was fetched before any signature was checked: {:?}",
        peer.fetched()
    );
}

both_backends!(async an_activity_with_thousands_of_recipients_is_not_stored_whole);
async fn an_activity_with_thousands_of_recipients_is_not_stored_whole(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    let to: Vec<String> = (0..20_000)
        .map(|i| format!("https://crowd.example/users/u{i}"))
        .collect();
    let create = json!({
        "@context": AS, "id": peer.new_id(), "type": "Create",
        "actor": peer.actor_id("alice"), "to": to,
        "object": {
            "id": peer.new_id(), "type": "Note", "attributedTo": peer.actor_id("alice"),
            "content": "hello", "to": [AS.to_string() + "#Public"],
        },
    });
    let probe = Probe::signed(&peer, "alice", &server, &create);
    assert!(probe.body.len() > 500_000);
    let (status, text) = probe.send(&server).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{backend:?}: {text}");
    let mut conn = server.app.db.conn().unwrap();
    let rows: Vec<(String, String, String, Option<String>, String)> = received_activities::table
        .select((
            received_activities::ap_id,
            received_activities::kind,
            received_activities::actor,
            received_activities::object_id,
            received_activities::body_sha256,
        ))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let (id, kind, actor, object, hash) = &rows[0];
    assert_eq!(kind, "Create");
    assert_eq!(hash, &hex::encode(Sha256::digest(probe.body.as_bytes())));
    assert_eq!(object, &None, "only attendance keeps its object");
    let stored = id.len() + kind.len() + actor.len() + hash.len();
    assert!(stored < 1_000, "{stored} bytes stored");
}

both_backends!(async old_records_are_pruned_but_attendance_is_kept_for_undo);
async fn old_records_are_pruned_but_attendance_is_kept_for_undo(backend: Backend) {
    let (_storage, server, peer) = setup(backend).await;
    let mut conn = server.app.db.conn().unwrap();
    let now = cheminement::db::now();
    let long_ago = now - chrono::Duration::hours(5);
    for (id, kind, object, at) in [
        ("https://p/1", "Like", None, long_ago),
        (
            "https://p/2",
            "Join",
            Some("https://asso/events/concert"),
            long_ago,
        ),
        ("https://p/3", "Follow", None, long_ago),
        ("https://p/4", "Like", None, now),
    ] {
        diesel::insert_into(received_activities::table)
            .values((
                received_activities::ap_id.eq(id),
                received_activities::kind.eq(kind),
                received_activities::actor.eq(peer.actor_id("alice")),
                received_activities::object_id.eq(object),
                received_activities::body_sha256.eq(""),
                received_activities::received_at.eq(at),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let gone = cheminement::federation::replays::prune(&mut conn).unwrap();
    assert_eq!(gone, 2, "{backend:?}");
    let left: Vec<String> = received_activities::table
        .select(received_activities::ap_id)
        .order(received_activities::ap_id)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(left, vec!["https://p/2", "https://p/4"]);
}

both_backends!(async the_outbox_answers_404_past_its_end_and_never_wraps);
async fn the_outbox_answers_404_past_its_end_and_never_wraps(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = reqwest::Client::new();
    let outbox = server.app.actor.outbox.to_string();
    for page in ["9223372036854775807", "4611686018427387904", "2"] {
        let answer = client
            .get(format!("{outbox}?page={page}"))
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "page {page}");
    }
    let first: Value = client
        .get(format!("{outbox}?page=1"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["type"], "OrderedCollectionPage");
    assert!(first.get("next").is_none(), "{first}");
}

#[tokio::test]
async fn the_federation_client_does_not_connect_to_names_that_resolve_to_loopback() {
    // A listener on loopback that counts connections: the client made for production must not
    // reach it by name, whatever checks ran before; the tests' client may.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(stream);
        }
    });
    let url = format!("http://localhost:{port}/users/alice");
    let production = cheminement::federation::http_client(false).unwrap();
    let refused = production.get(&url).send().await.unwrap_err();
    assert!(
        format!("{refused:?}").contains("no public address"),
        "{refused:?}"
    );
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 0);
    let tests = cheminement::federation::http_client(true).unwrap();
    let _ = tests.get(&url).send().await;
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "the control reached the listener"
    );
}

both_backends!(async many_activities_at_once_from_an_actor_never_met_are_all_taken);
async fn many_activities_at_once_from_an_actor_never_met_are_all_taken(backend: Backend) {
    // Each request fetches the unknown actor and stores it: the stores race, and none of them
    // may fail the activity (on PostgreSQL the second insert broke the unique key: a 500).
    let (_storage, server, peer) = setup(backend).await;
    let inbox = server.url("/inbox");
    let likes: Vec<Value> = (0..32)
        .map(|_| {
            json!({
                "@context": AS, "id": peer.new_id(), "type": "Like",
                "actor": peer.actor_id("alice"),
                "object": server.url("/news/programme"),
            })
        })
        .collect();
    let answers = futures::future::join_all(
        likes
            .iter()
            .map(|like| peer.post_signed("alice", &inbox, like)),
    )
    .await;
    for answer in answers {
        let status = answer.status();
        let text = answer.text().await.unwrap();
        assert_eq!(status, StatusCode::ACCEPTED, "{backend:?}: {text}");
    }
    let mut conn = server.app.db.conn().unwrap();
    let actors: i64 = cheminement::db::schema::remote_actors::table
        .filter(cheminement::db::schema::remote_actors::ap_id.eq(peer.actor_id("alice")))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(actors, 1, "the actor is stored once");
    let received: i64 = received_activities::table
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(received, 32);
}
