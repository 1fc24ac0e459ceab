//! The wire shapes, pinned: every JSON document the server serves (WebFinger, NodeInfo, the
//! actor, its outbox and followers, an Event, its poll and attendees, a news post, a newsletter
//! issue, the error bodies of the federation face) and every activity it sends to a peer
//! (the Accept of a Follow, Create/Update/Delete of posts, events and polls, the Accept and
//! Reject of a Join, the direct messages that answer an RSVP, the Create of a newsletter).
//!
//! Each is compared as a `serde_json::Value` (key order does not matter) after what varies from
//! one run to the next is replaced by a placeholder: the servers' addresses (`{server}`,
//! `{peer}`), UUIDs, the timestamps of "now" (`published`, `updated`, `deleted`, `closed`), the
//! public key and the cancel tokens. The dates of the events are fixed, so their times and
//! summaries are pinned. Every delivery the peer receives in a step is pinned, so a new or
//! missing activity fails too.
//!
//! `WIRE_SHAPES_DUMP=DIR cargo test --test it -- wire_shapes::` writes what the test saw to
//! DIR (one file per document) so that a change can be read as a diff.

use std::collections::BTreeMap;

use axum::http::{StatusCode, header};
use cheminement::{
    accounts::Role,
    app::events as event_use_cases,
    db::{now, schema::jobs},
    events::{Event, EventInput},
};
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::campaigns::{api as campaign_api, api_send, list_id, subscriber, wait_sent};
use crate::common::{peer::*, *};

both_backends!(async every_document_served_and_every_activity_sent_keeps_its_shape);
async fn every_document_served_and_every_activity_sent_keeps_its_shape(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let smtp_url = smtp.url();
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", smtp_url.as_str())]).await;
    let peer = Peer::start().await;
    for name in ["alice", "camille", "jules", "bob"] {
        peer.add_actor(name).await;
    }
    let mut shapes = Shapes::new(&server, &peer);
    let client = reqwest::Client::new();

    // Discovery.
    let resource = format!("acct:asso@localhost:{}", server.port);
    let mut webfinger = url::Url::parse(&server.url("/.well-known/webfinger")).unwrap();
    webfinger
        .query_pairs_mut()
        .append_pair("resource", &resource);
    shapes
        .served("webfinger", get(&client, webfinger.as_str()).await)
        .await;
    shapes
        .served(
            "nodeinfo_links",
            get(&client, &server.url("/.well-known/nodeinfo")).await,
        )
        .await;
    shapes
        .served(
            "nodeinfo_2.0",
            get(&client, &server.url("/nodeinfo/2.0")).await,
        )
        .await;
    shapes
        .served(
            "nodeinfo_2.1",
            get(&client, &server.url("/nodeinfo/2.1")).await,
        )
        .await;
    let actor = server.app.actor.id.to_string();
    shapes.served("actor", get_ap(&client, &actor).await).await;

    // A Follow, and its Accept.
    let follow = json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": peer.actor_id("alice"),
        "object": actor,
    });
    post_ok(&peer, "alice", &server, &follow).await;
    shapes.sent("follow", &server, &peer).await;
    shapes
        .served(
            "followers",
            get_ap(&client, &format!("{actor}/followers")).await,
        )
        .await;

    // A news post: Create, the Article served, the outbox; Update; Delete.
    let token = server.token_for("admin@example.org", Role::Admin);
    let answer = client
        .post(server.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Yoga le dimanche",
            "summary": "Apportez un tapis <3",
            "body": "Chaque *dimanche* à 10 h.",
            "publish": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let created: Value = answer.json().await.unwrap();
    let post_id = created["id"].as_i64().unwrap();
    let post_url = created["ap_id"].as_str().unwrap().to_string();
    shapes.sent("post_created", &server, &peer).await;
    shapes
        .served("article", get_ap(&client, &post_url).await)
        .await;
    shapes
        .served("outbox", get_ap(&client, &format!("{actor}/outbox")).await)
        .await;
    shapes
        .served(
            "outbox_page_1",
            get_ap(&client, &format!("{actor}/outbox?page=1")).await,
        )
        .await;
    let answer = client
        .put(server.url(&format!("/api/v1/posts/{post_id}")))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Yoga le dimanche (déplacé)",
            "body": "Chaque *dimanche* à 11 h.",
            "publish": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    shapes.sent("post_updated", &server, &peer).await;
    let answer = client
        .delete(server.url(&format!("/api/v1/posts/{post_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    shapes.sent("post_deleted", &server, &peer).await;

    // An event that takes registrations (two places), and one that takes none, online.
    let event = create(&server, input("Repair café", Some(2))).await;
    shapes.sent("event_created", &server, &peer).await;
    let mut online = input("Expo en ligne", None);
    online.takes_registrations = false;
    online.place_name = String::new();
    online.place_address = String::new();
    online.latitude = None;
    online.longitude = None;
    online.category = "Arts".into();
    create(&server, online).await;
    shapes.sent("external_event_created", &server, &peer).await;
    // One with no limit of places (no places left to count) and a banner (a `Document`).
    let banner = cheminement::app::media::upload(&server.app, "banner.png".into(), PNG.to_vec())
        .await
        .unwrap();
    shapes.replace(&banner.stored_name, "<banner>");
    let mut free = input("Pique-nique", None);
    free.image = Some(banner.stored_name.clone());
    create(&server, free).await;
    shapes.sent("free_event_created", &server, &peer).await;
    let event_url = server.url(&format!("/events/{}", event.slug));
    shapes
        .served("event", get_ap(&client, &event_url).await)
        .await;
    shapes
        .served("question", get(&client, &format!("{event_url}/poll")).await)
        .await;
    shapes
        .served(
            "attendees",
            get(&client, &format!("{event_url}/attendees")).await,
        )
        .await;

    // A poll vote (confirmed: a direct message in reply to the poll), a Join (its Accept), a
    // Join on the full event (waiting list: a direct message in reply to the event).
    let vote_id = format!(
        "{}#votes/{}",
        peer.actor_id("camille"),
        uuid::Uuid::new_v4()
    );
    let vote = json!({
        "@context": AS,
        "id": format!("{vote_id}/activity"),
        "type": "Create",
        "actor": peer.actor_id("camille"),
        "to": actor,
        "object": {
            "id": vote_id,
            "type": "Note",
            "name": "Je viens / I'm coming",
            "attributedTo": peer.actor_id("camille"),
            "to": actor,
            "inReplyTo": format!("{event_url}/poll"),
        },
    });
    post_ok(&peer, "camille", &server, &vote).await;
    shapes.sent("poll_vote", &server, &peer).await;
    post_ok(&peer, "jules", &server, &join(&peer, "jules", &event_url)).await;
    shapes.sent("join_confirmed", &server, &peer).await;
    post_ok(&peer, "bob", &server, &join(&peer, "bob", &event_url)).await;
    shapes.sent("join_waitlisted", &server, &peer).await;
    run_counts_now(&server).await;
    shapes.sent("counts", &server, &peer).await;

    // A Join of a past event: its Reject.
    let mut past = input("Hier", Some(5));
    past.starts_at = Some(at("2021-03-06T14:00:00"));
    past.ends_at = Some(at("2021-03-06T16:00:00"));
    let past = create(&server, past).await;
    shapes.sent("past_event_created", &server, &peer).await;
    let past_url = server.url(&format!("/events/{}", past.slug));
    post_ok(&peer, "jules", &server, &join(&peer, "jules", &past_url)).await;
    shapes.sent("join_closed", &server, &peer).await;

    // The event edited, cancelled, removed.
    event_use_cases::update_event(&server.app, event.id, input("Repair café géant", Some(2)))
        .await
        .unwrap();
    shapes.sent("event_updated", &server, &peer).await;
    event_use_cases::cancel_event(&server.app, event.id)
        .await
        .unwrap();
    shapes.sent("event_cancelled", &server, &peer).await;
    event_use_cases::delete_event(&server.app, event.id)
        .await
        .unwrap();
    shapes.sent("event_deleted", &server, &peer).await;

    // A newsletter issue sent to the fediverse, and its page answered as an Article.
    let editor = server.token_for("edith@example.org", Role::Editor);
    let news = list_id(&server, "newsletter");
    subscriber(&server, news, "reader@example.org");
    let answer = campaign_api(
        &server,
        &editor,
        Method::POST,
        "/api/v1/campaigns",
        Some(json!({
            "subject": "Lettre de juin", "body": "Des **nouvelles**.", "lists": [news],
            "to_fediverse": true,
        })),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let campaign: Value = answer.json().await.unwrap();
    let campaign_id = campaign["id"].as_i64().unwrap();
    api_send(&server, &editor, campaign_id).await;
    wait_sent(&server, campaign_id, 20).await;
    shapes.sent("issue_sent", &server, &peer).await;
    let answer = campaign_api(
        &server,
        &editor,
        Method::GET,
        &format!("/api/v1/campaigns/{campaign_id}"),
        None,
    )
    .await;
    let slug = answer.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_string();
    shapes
        .served(
            "newsletter",
            get_ap(&client, &server.url(&format!("/newsletter/{slug}"))).await,
        )
        .await;

    // The error bodies of the federation face.
    shapes
        .served(
            "error_poll_not_found",
            get(&client, &server.url("/events/nothing-here/poll")).await,
        )
        .await;
    let inbox = server.app.actor.inbox.to_string();
    shapes
        .served(
            "error_inbox_content_type",
            client
                .post(&inbox)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(follow.to_string())
                .send()
                .await
                .unwrap(),
        )
        .await;
    shapes
        .served(
            "error_inbox_too_large",
            client
                .post(&inbox)
                .header(header::CONTENT_TYPE, "application/activity+json")
                .body("a".repeat(1024 * 1024 + 1))
                .send()
                .await
                .unwrap(),
        )
        .await;
    shapes
        .served(
            "error_inbox_unsigned",
            client
                .post(&inbox)
                .header(header::CONTENT_TYPE, "application/activity+json")
                .body(follow.to_string())
                .send()
                .await
                .unwrap(),
        )
        .await;
    let mut wrong = follow.clone();
    wrong["id"] = json!(peer.new_id());
    wrong["object"] = json!(format!("{}/actors/someone-else", server.base));
    shapes
        .served(
            "error_inbox_refused",
            peer.post_signed("alice", &inbox, &wrong).await,
        )
        .await;

    shapes.check();
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// What the test saw, and how it is compared
// ---------------------------------------------------------------------------------------------

/// The documents seen, by name, after normalization.
struct Shapes {
    seen: BTreeMap<String, Value>,
    /// (what varies, its placeholder), longest first.
    addresses: Vec<(String, String)>,
}

impl Shapes {
    fn new(server: &TestServer, peer: &Peer) -> Shapes {
        let server_host = format!("localhost:{}", server.port);
        let mut addresses = vec![
            (server.base.clone(), "{server}".to_string()),
            (peer.base.clone(), "{peer}".to_string()),
            (server_host, "{server_host}".to_string()),
            (peer.domain.clone(), "{peer_host}".to_string()),
        ];
        addresses.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        Shapes {
            seen: BTreeMap::new(),
            addresses,
        }
    }

    /// Replaces `from` (a name made at random) by `to` wherever it appears from now on.
    fn replace(&mut self, from: &str, to: &str) {
        self.addresses.push((from.to_string(), to.to_string()));
        self.addresses
            .sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    }

    fn record(&mut self, name: String, value: Value) {
        let value = self.normalize(value, None);
        assert!(
            self.seen.insert(name.clone(), value).is_none(),
            "{name} seen twice"
        );
    }

    /// A served answer: its status, its content type and its JSON body.
    async fn served(&mut self, name: &str, answer: reqwest::Response) {
        let status = answer.status().as_u16();
        let content_type = answer
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        let text = answer.text().await.unwrap();
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {text}"));
        self.record(
            format!("served.{name}"),
            json!({ "status": status, "content-type": content_type, "body": body }),
        );
    }

    /// Everything the peer received since the last step, each with the inbox it went to; then
    /// the peer is cleared. Named by the step and what each is (`Create-Event`...).
    async fn sent(&mut self, step: &str, server: &TestServer, peer: &Peer) {
        server.settle().await;
        // A delivery queued by a job that ran last is delivered by the next one.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        server.settle().await;
        let mut got: Vec<(String, Value)> = peer
            .received()
            .iter()
            .map(|r| {
                let body = r.json();
                let object = &body["object"];
                let what = [&body["type"], &object["type"], &object["formerType"]]
                    .iter()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join("-");
                (format!("{what}@{}", r.path), body)
            })
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(!got.is_empty(), "{step}: nothing was delivered");
        for (what, body) in got {
            let (kind, inbox) = what.split_once('@').unwrap();
            let to = match inbox.strip_prefix("/users/") {
                Some(personal) => personal.trim_end_matches("/inbox"),
                None => "shared",
            };
            self.record(
                format!("sent.{step}.{kind}.{to}"),
                json!({ "inbox": inbox, "body": body }),
            );
        }
        peer.clear();
    }

    fn normalize(&self, value: Value, key: Option<&str>) -> Value {
        match value {
            Value::String(s) => Value::String(self.normalize_str(s, key)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.normalize(v, None)).collect())
            }
            Value::Object(map) => {
                let mut map: serde_json::Map<String, Value> = map
                    .into_iter()
                    .map(|(k, v)| {
                        let v = self.normalize(v, Some(&k));
                        (k, v)
                    })
                    .collect();
                if let Some(Value::Object(software)) = map.get_mut("software")
                    && software.get("version") == Some(&json!(env!("CARGO_PKG_VERSION")))
                {
                    software.insert("version".into(), json!("<version>"));
                }
                Value::Object(map)
            }
            other => other,
        }
    }

    fn normalize_str(&self, s: String, key: Option<&str>) -> String {
        let now_keys = ["published", "updated", "deleted", "closed"];
        if key.is_some_and(|k| now_keys.contains(&k))
            && chrono::DateTime::parse_from_rfc3339(&s).is_ok()
        {
            return "<now>".into();
        }
        if key == Some("publicKeyPem") && s.starts_with("-----BEGIN PUBLIC KEY-----") {
            return "<public key>".into();
        }
        let mut s = s;
        for (from, to) in &self.addresses {
            s = s.replace(from.as_str(), to);
        }
        replace_tokens(&replace_uuids(&s))
    }

    /// Writes what was seen (WIRE_SHAPES_DUMP), then compares it with what is expected.
    fn check(&self) {
        if let Some(dir) = std::env::var_os("WIRE_SHAPES_DUMP") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (name, value) in &self.seen {
                std::fs::write(
                    dir.join(format!("{name}.json")),
                    serde_json::to_string_pretty(value).unwrap() + "\n",
                )
                .unwrap();
            }
        }
        let expected = expected();
        let mut wrong = Vec::new();
        for (name, value) in &self.seen {
            match expected.get(name) {
                None => wrong.push(format!("{name}: not expected\n{value:#}")),
                Some(want) if want != value => wrong.push(format!(
                    "{name}: differs\nexpected: {want:#}\nseen: {value:#}"
                )),
                Some(_) => {}
            }
        }
        for name in expected.keys() {
            if !self.seen.contains_key(name) {
                wrong.push(format!("{name}: expected, not seen"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wire shape(s) changed (set WIRE_SHAPES_DUMP=DIR to write them):\n\n{}",
            wrong.len(),
            wrong.join("\n\n")
        );
    }
}

/// UUIDs (activity ids, vote ids) become `<uuid>`.
fn replace_uuids(s: &str) -> String {
    let bytes = s.as_bytes();
    let is_uuid = |at: usize| {
        bytes.len() >= at + 36
            && bytes[at..at + 36].iter().enumerate().all(|(i, b)| {
                if [8, 13, 18, 23].contains(&i) {
                    *b == b'-'
                } else {
                    b.is_ascii_hexdigit()
                }
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        if is_uuid(i) {
            out.push_str("<uuid>");
            i += 36;
        } else {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The secret of a cancel link (`?token=...`) becomes `<token>`.
fn replace_tokens(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("token=") {
        out.push_str(&rest[..at + "token=".len()]);
        rest = &rest[at + "token=".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        out.push_str("<token>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The expected documents, with the long `@context`s written once.
fn expected() -> BTreeMap<String, Value> {
    let contexts = [
        ("$EVENT_CONTEXT", EVENT_CONTEXT),
        ("$ACTOR_CONTEXT", ACTOR_CONTEXT),
        ("$POLL_CONTEXT", POLL_CONTEXT),
    ]
    .map(|(name, text)| (name, serde_json::from_str::<Value>(text).unwrap()));
    fn expand(value: Value, contexts: &[(&str, Value)]) -> Value {
        match value {
            Value::String(s) => contexts
                .iter()
                .find(|(name, _)| *name == s)
                .map(|(_, context)| context.clone())
                .unwrap_or(Value::String(s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| expand(v, contexts)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, expand(v, contexts)))
                    .collect(),
            ),
            other => other,
        }
    }
    EXPECTED
        .iter()
        .map(|(name, text)| {
            let value: Value = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("the expected {name} is not JSON: {e}"));
            (name.to_string(), expand(value, &contexts))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async fn get(client: &reqwest::Client, url: &str) -> reqwest::Response {
    client.get(url).send().await.unwrap()
}

async fn get_ap(client: &reqwest::Client, url: &str) -> reqwest::Response {
    client
        .get(url)
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap()
}

async fn post_ok(peer: &Peer, name: &str, server: &TestServer, activity: &Value) {
    let answer = peer
        .post_signed(name, server.app.actor.inbox.as_str(), activity)
        .await;
    let status = answer.status();
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "{}",
        answer.text().await.unwrap()
    );
}

fn join(peer: &Peer, name: &str, event_url: &str) -> Value {
    json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Join",
        "actor": peer.actor_id(name),
        "object": event_url,
    })
}

fn at(local: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S").unwrap()
}

/// An event on a fixed date (so that its times and summary are the same at every run).
fn input(title: &str, capacity: Option<i32>) -> EventInput {
    crate::common::events::event_input(json!({
        "title": title,
        "description": "Apportez vos **objets** cassés.",
        "excerpt": "Réparer ensemble.",
        "starts_at": "2030-06-15T14:00",
        "ends_at": "2030-06-15T17:00",
        "timezone": "Europe/Paris",
        "place_name": "Salle des fêtes",
        "place_address": "10 rue Jangot, Lyon",
        "latitude": 45.75,
        "longitude": 4.84,
        "online_url": "https://visio.example/repair",
        "category": "community",
        "capacity": capacity,
    }))
}

async fn create(server: &TestServer, input: EventInput) -> Event {
    event_use_cases::create_event(&server.app, input)
        .await
        .unwrap()
}

/// The first bytes of a PNG file: what the upload checks.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// Runs the delayed republication of the numbers now instead of in a minute.
async fn run_counts_now(server: &TestServer) {
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(
            jobs::table
                .filter(jobs::kind.eq("event-counts"))
                .filter(jobs::status.eq("pending")),
        )
        .set(jobs::run_at.eq(now()))
        .execute(&mut *conn)
        .unwrap();
    }
    server.app.jobs.wake();
}

// ---------------------------------------------------------------------------------------------
// Expected
// ---------------------------------------------------------------------------------------------

const EVENT_CONTEXT: &str = r##"[
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  {
    "@language": "und",
    "sc": "http://schema.org#",
    "ical": "http://www.w3.org/2002/12/cal/ical#",
    "pt": "https://joinpeertube.org/ns#",
    "toot": "http://joinmastodon.org/ns#",
    "mz": "https://joinmobilizon.org/ns#",
    "fep8a8e": "https://w3id.org/fep/8a8e/",
    "discoverable": "toot:discoverable",
    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
    "Hashtag": "as:Hashtag",
    "category": "sc:category",
    "uuid": "sc:identifier",
    "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
    "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
    "location": {
      "@id": "sc:location",
      "@type": "sc:Place"
    },
    "PostalAddress": "sc:PostalAddress",
    "address": {
      "@id": "sc:address",
      "@type": "sc:PostalAddress"
    },
    "addressCountry": "sc:addressCountry",
    "addressRegion": "sc:addressRegion",
    "postalCode": "sc:postalCode",
    "addressLocality": "sc:addressLocality",
    "streetAddress": "sc:streetAddress",
    "repliesModerationOptionType": {
      "@id": "mz:repliesModerationOptionType",
      "@type": "rdfs:Class"
    },
    "repliesModerationOption": {
      "@id": "mz:repliesModerationOption",
      "@type": "mz:repliesModerationOptionType"
    },
    "commentsEnabled": {
      "@type": "sc:Boolean",
      "@id": "pt:commentsEnabled"
    },
    "joinModeType": {
      "@id": "mz:joinModeType",
      "@type": "rdfs:Class"
    },
    "joinMode": {
      "@id": "mz:joinMode",
      "@type": "mz:joinModeType"
    },
    "anonymousParticipationEnabled": {
      "@id": "mz:anonymousParticipationEnabled",
      "@type": "sc:Boolean"
    },
    "participationMessage": {
      "@id": "mz:participationMessage",
      "@type": "sc:Text"
    },
    "participantCount": {
      "@id": "mz:participantCount",
      "@type": "sc:Integer"
    },
    "isOnline": {
      "@type": "sc:Boolean",
      "@id": "mz:isOnline"
    },
    "externalParticipationUrl": {
      "@id": "mz:externalParticipationUrl",
      "@type": "sc:URL"
    },
    "PropertyValue": "sc:PropertyValue",
    "value": "sc:value",
    "propertyID": "sc:propertyID",
    "inLanguage": "sc:inLanguage",
    "timezone": {
      "@id": "mz:timezone",
      "@type": "sc:Text"
    },
    "contacts": {
      "@id": "mz:contacts",
      "@type": "@id"
    },
    "draft": {
      "@id": "mz:draft",
      "@type": "sc:Boolean"
    },
    "status": {
      "@id": "ical:status",
      "@type": "ical:status"
    },
    "eventStatus": {
      "@id": "fep8a8e:eventStatus"
    },
    "attendees": {
      "@id": "fep8a8e:attendees",
      "@type": "@id"
    },
    "organizers": {
      "@id": "fep8a8e:organizers",
      "@type": "@id"
    }
  }
]"##;

const ACTOR_CONTEXT: &str = r##"[
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  {
    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
    "toot": "http://joinmastodon.org/ns#",
    "discoverable": "toot:discoverable",
    "indexable": "toot:indexable"
  }
]"##;

const POLL_CONTEXT: &str = r##"[
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  {
    "toot": "http://joinmastodon.org/ns#",
    "votersCount": "toot:votersCount"
  }
]"##;

const EXPECTED: &[(&str, &str)] = &[
    (
        "sent.counts.Update-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15",
      "type": "Event",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "name": "Repair café",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2030-06-15T14:00:00+02:00",
      "endTime": "2030-06-15T17:00:00+02:00",
      "timezone": "Europe/Paris",
      "category": "COMMUNITY",
      "inLanguage": "fr",
      "status": "CONFIRMED",
      "ical:status": "CONFIRMED",
      "eventStatus": "EventScheduled",
      "isOnline": false,
      "draft": false,
      "joinMode": "restricted",
      "participantCount": 2,
      "attendees": {
        "id": "{server}/events/repair-cafe-2030-06-15/attendees",
        "type": "Collection",
        "totalItems": 2
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "maximumAttendeeCapacity": 2,
      "remainingAttendeeCapacity": 0,
      "location": {
        "type": "Place",
        "name": "Salle des fêtes",
        "address": {
          "type": "PostalAddress",
          "streetAddress": "10 rue Jangot, Lyon"
        },
        "latitude": 45.75,
        "longitude": 4.84
      },
      "attachment": [
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.counts.Update-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15/poll",
      "type": "Question",
      "attributedTo": "{server}/actors/asso",
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "content": "<p>Inscriptions pour « Repair café », samedi 15 juin 2030, 14:00–17:00 (2 places). Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
      "mediaType": "text/html",
      "endTime": "2030-06-15T15:00:00+00:00",
      "votersCount": 2,
      "oneOf": [
        {
          "type": "Note",
          "name": "Je viens / I'm coming",
          "replies": {
            "type": "Collection",
            "totalItems": 2
          }
        }
      ],
      "closed": "<now>"
    }
  }
}"##,
    ),
    (
        "sent.event_cancelled.Create-Note.camille",
        r##"{
  "inbox": "/users/camille/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "{peer}/users/camille"
    ],
    "cc": [],
    "object": {
      "id": "{server}/activities/<uuid>/note",
      "type": "Note",
      "attributedTo": "{server}/actors/asso",
      "to": [
        "{peer}/users/camille"
      ],
      "cc": [],
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15/poll",
      "published": "<now>",
      "content": "<p><span class=\"h-card\"><a href=\"{peer}/users/camille\" class=\"u-url mention\">@<span>camille</span></a></span> « Repair café géant », prévu le 15/06/2030 à 14:00, est annulé. Nous sommes désolés.</p><p><a href=\"{server}/events/repair-cafe-2030-06-15\" rel=\"nofollow noopener\" target=\"_blank\">{server}/events/repair-cafe-2030-06-15</a><br>-- <br>Lieu Respirer</p>",
      "mediaType": "text/html",
      "tag": [
        {
          "type": "Mention",
          "href": "{peer}/users/camille",
          "name": "@camille@{peer_host}"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.event_cancelled.Reject-Join.bob",
        r##"{
  "inbox": "/users/bob/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Reject",
    "actor": "{server}/actors/asso",
    "to": [
      "{peer}/users/bob"
    ],
    "cc": [],
    "object": {
      "type": "Join",
      "actor": "{peer}/users/bob",
      "object": "{server}/events/repair-cafe-2030-06-15",
      "id": "{peer}/activities/<uuid>"
    }
  }
}"##,
    ),
    (
        "sent.event_cancelled.Reject-Join.jules",
        r##"{
  "inbox": "/users/jules/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Reject",
    "actor": "{server}/actors/asso",
    "to": [
      "{peer}/users/jules"
    ],
    "cc": [],
    "object": {
      "type": "Join",
      "actor": "{peer}/users/jules",
      "object": "{server}/events/repair-cafe-2030-06-15",
      "id": "{peer}/activities/<uuid>"
    }
  }
}"##,
    ),
    (
        "sent.event_cancelled.Update-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15",
      "type": "Event",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "name": "Repair café géant",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2030-06-15T14:00:00+02:00",
      "endTime": "2030-06-15T17:00:00+02:00",
      "timezone": "Europe/Paris",
      "category": "COMMUNITY",
      "inLanguage": "fr",
      "status": "CANCELLED",
      "ical:status": "CANCELLED",
      "eventStatus": "EventCancelled",
      "isOnline": false,
      "draft": false,
      "joinMode": "restricted",
      "participantCount": 2,
      "attendees": {
        "id": "{server}/events/repair-cafe-2030-06-15/attendees",
        "type": "Collection",
        "totalItems": 2
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "maximumAttendeeCapacity": 2,
      "remainingAttendeeCapacity": 0,
      "location": {
        "type": "Place",
        "name": "Salle des fêtes",
        "address": {
          "type": "PostalAddress",
          "streetAddress": "10 rue Jangot, Lyon"
        },
        "latitude": 45.75,
        "longitude": 4.84
      },
      "attachment": [
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.event_cancelled.Update-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15/poll",
      "type": "Question",
      "attributedTo": "{server}/actors/asso",
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "content": "<p>Inscriptions pour « Repair café géant », samedi 15 juin 2030, 14:00–17:00 (2 places). Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
      "mediaType": "text/html",
      "endTime": "2030-06-15T15:00:00+00:00",
      "votersCount": 2,
      "oneOf": [
        {
          "type": "Note",
          "name": "Je viens / I'm coming",
          "replies": {
            "type": "Collection",
            "totalItems": 2
          }
        }
      ],
      "updated": "<now>",
      "closed": "<now>"
    }
  }
}"##,
    ),
    (
        "sent.event_created.Create-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15",
      "type": "Event",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "name": "Repair café",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2030-06-15T14:00:00+02:00",
      "endTime": "2030-06-15T17:00:00+02:00",
      "timezone": "Europe/Paris",
      "category": "COMMUNITY",
      "inLanguage": "fr",
      "status": "CONFIRMED",
      "ical:status": "CONFIRMED",
      "eventStatus": "EventScheduled",
      "isOnline": false,
      "draft": false,
      "joinMode": "restricted",
      "participantCount": 0,
      "attendees": {
        "id": "{server}/events/repair-cafe-2030-06-15/attendees",
        "type": "Collection",
        "totalItems": 0
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "maximumAttendeeCapacity": 2,
      "remainingAttendeeCapacity": 2,
      "location": {
        "type": "Place",
        "name": "Salle des fêtes",
        "address": {
          "type": "PostalAddress",
          "streetAddress": "10 rue Jangot, Lyon"
        },
        "latitude": 45.75,
        "longitude": 4.84
      },
      "attachment": [
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.event_created.Create-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15/poll",
      "type": "Question",
      "attributedTo": "{server}/actors/asso",
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "content": "<p>Inscriptions pour « Repair café », samedi 15 juin 2030, 14:00–17:00 (2 places). Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
      "mediaType": "text/html",
      "endTime": "2030-06-15T15:00:00+00:00",
      "votersCount": 0,
      "oneOf": [
        {
          "type": "Note",
          "name": "Je viens / I'm coming",
          "replies": {
            "type": "Collection",
            "totalItems": 0
          }
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.event_deleted.Delete-Tombstone-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Delete",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15",
      "type": "Tombstone",
      "formerType": "Event",
      "deleted": "<now>"
    }
  }
}"##,
    ),
    (
        "sent.event_deleted.Delete-Tombstone-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Delete",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15/poll",
      "type": "Tombstone",
      "formerType": "Question",
      "deleted": "<now>"
    }
  }
}"##,
    ),
    (
        "sent.event_updated.Update-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15",
      "type": "Event",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "name": "Repair café géant",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2030-06-15T14:00:00+02:00",
      "endTime": "2030-06-15T17:00:00+02:00",
      "timezone": "Europe/Paris",
      "category": "COMMUNITY",
      "inLanguage": "fr",
      "status": "CONFIRMED",
      "ical:status": "CONFIRMED",
      "eventStatus": "EventScheduled",
      "isOnline": false,
      "draft": false,
      "joinMode": "restricted",
      "participantCount": 2,
      "attendees": {
        "id": "{server}/events/repair-cafe-2030-06-15/attendees",
        "type": "Collection",
        "totalItems": 2
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "maximumAttendeeCapacity": 2,
      "remainingAttendeeCapacity": 0,
      "location": {
        "type": "Place",
        "name": "Salle des fêtes",
        "address": {
          "type": "PostalAddress",
          "streetAddress": "10 rue Jangot, Lyon"
        },
        "latitude": 45.75,
        "longitude": 4.84
      },
      "attachment": [
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.event_updated.Update-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/repair-cafe-2030-06-15/poll",
      "type": "Question",
      "attributedTo": "{server}/actors/asso",
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "url": "{server}/events/repair-cafe-2030-06-15",
      "content": "<p>Inscriptions pour « Repair café géant », samedi 15 juin 2030, 14:00–17:00 (2 places). Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
      "mediaType": "text/html",
      "endTime": "2030-06-15T15:00:00+00:00",
      "votersCount": 2,
      "oneOf": [
        {
          "type": "Note",
          "name": "Je viens / I'm coming",
          "replies": {
            "type": "Collection",
            "totalItems": 2
          }
        }
      ],
      "updated": "<now>",
      "closed": "<now>"
    }
  }
}"##,
    ),
    (
        "sent.external_event_created.Create-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/expo-en-ligne-2030-06-15",
      "type": "Event",
      "url": "{server}/events/expo-en-ligne-2030-06-15",
      "name": "Expo en ligne",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · en ligne</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2030-06-15T14:00:00+02:00",
      "endTime": "2030-06-15T17:00:00+02:00",
      "timezone": "Europe/Paris",
      "category": "ARTS",
      "inLanguage": "fr",
      "status": "CONFIRMED",
      "ical:status": "CONFIRMED",
      "eventStatus": "EventScheduled",
      "isOnline": true,
      "draft": false,
      "joinMode": "external",
      "participantCount": 0,
      "attendees": {
        "id": "{server}/events/expo-en-ligne-2030-06-15/attendees",
        "type": "Collection",
        "totalItems": 0
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "externalParticipationUrl": "{server}/events/expo-en-ligne-2030-06-15",
      "attachment": [
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.follow.Accept-Follow.alice",
        r##"{
  "inbox": "/users/alice/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Accept",
    "actor": "{server}/actors/asso",
    "object": {
      "id": "{peer}/activities/<uuid>",
      "type": "Follow",
      "actor": "{peer}/users/alice",
      "object": "{server}/actors/asso"
    }
  }
}"##,
    ),
    (
        "sent.free_event_created.Create-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/pique-nique-2030-06-15",
      "type": "Event",
      "url": "{server}/events/pique-nique-2030-06-15",
      "name": "Pique-nique",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2030-06-15T14:00:00+02:00",
      "endTime": "2030-06-15T17:00:00+02:00",
      "timezone": "Europe/Paris",
      "category": "COMMUNITY",
      "inLanguage": "fr",
      "status": "CONFIRMED",
      "ical:status": "CONFIRMED",
      "eventStatus": "EventScheduled",
      "isOnline": false,
      "draft": false,
      "joinMode": "free",
      "participantCount": 0,
      "attendees": {
        "id": "{server}/events/pique-nique-2030-06-15/attendees",
        "type": "Collection",
        "totalItems": 0
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "maximumAttendeeCapacity": 0,
      "remainingAttendeeCapacity": null,
      "location": {
        "type": "Place",
        "name": "Salle des fêtes",
        "address": {
          "type": "PostalAddress",
          "streetAddress": "10 rue Jangot, Lyon"
        },
        "latitude": 45.75,
        "longitude": 4.84
      },
      "attachment": [
        {
          "type": "Document",
          "mediaType": "image/png",
          "url": "{server}/media/<banner>",
          "name": "Banner"
        },
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.free_event_created.Create-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/pique-nique-2030-06-15/poll",
      "type": "Question",
      "attributedTo": "{server}/actors/asso",
      "inReplyTo": "{server}/events/pique-nique-2030-06-15",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "url": "{server}/events/pique-nique-2030-06-15",
      "content": "<p>Inscriptions pour « Pique-nique », samedi 15 juin 2030, 14:00–17:00. Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
      "mediaType": "text/html",
      "endTime": "2030-06-15T15:00:00+00:00",
      "votersCount": 0,
      "oneOf": [
        {
          "type": "Note",
          "name": "Je viens / I'm coming",
          "replies": {
            "type": "Collection",
            "totalItems": 0
          }
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.issue_sent.Create-Article.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$ACTOR_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/newsletter/2026-12-04-lettre-de-juin",
      "type": "Article",
      "attributedTo": "{server}/actors/asso",
      "name": "Lettre de juin",
      "content": "<p>Des <strong>nouvelles</strong>.</p>\n",
      "mediaType": "text/html",
      "url": "{server}/newsletter/2026-12-04-lettre-de-juin",
      "published": "<now>",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ]
    }
  }
}"##,
    ),
    (
        "sent.join_closed.Reject-Join.jules",
        r##"{
  "inbox": "/users/jules/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Reject",
    "actor": "{server}/actors/asso",
    "to": [
      "{peer}/users/jules"
    ],
    "cc": [],
    "object": {
      "type": "Join",
      "actor": "{peer}/users/jules",
      "object": "{server}/events/hier-2021-03-06",
      "id": "{peer}/activities/<uuid>"
    }
  }
}"##,
    ),
    (
        "sent.join_confirmed.Accept-Join.jules",
        r##"{
  "inbox": "/users/jules/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Accept",
    "actor": "{server}/actors/asso",
    "to": [
      "{peer}/users/jules"
    ],
    "cc": [],
    "object": {
      "type": "Join",
      "actor": "{peer}/users/jules",
      "object": "{server}/events/repair-cafe-2030-06-15",
      "id": "{peer}/activities/<uuid>"
    }
  }
}"##,
    ),
    (
        "sent.join_waitlisted.Create-Note.bob",
        r##"{
  "inbox": "/users/bob/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "{peer}/users/bob"
    ],
    "cc": [],
    "object": {
      "id": "{server}/activities/<uuid>/note",
      "type": "Note",
      "attributedTo": "{server}/actors/asso",
      "to": [
        "{peer}/users/bob"
      ],
      "cc": [],
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15",
      "published": "<now>",
      "content": "<p><span class=\"h-card\"><a href=\"{peer}/users/bob\" class=\"u-url mention\">@<span>bob</span></a></span> « Repair café » (15/06/2030 à 14:00) est complet. Vous êtes sur la liste d&#39;attente, en position 1. Si une place se libère, vous serez inscrit·e et prévenu·e.<br>Pour vous retirer : <a href=\"{server}/registrations/3/cancel?token=<token>\" rel=\"nofollow noopener\" target=\"_blank\">{server}/registrations/3/cancel?token=<token></a></p><p><a href=\"{server}/events/repair-cafe-2030-06-15\" rel=\"nofollow noopener\" target=\"_blank\">{server}/events/repair-cafe-2030-06-15</a><br>-- <br>Lieu Respirer</p>",
      "mediaType": "text/html",
      "tag": [
        {
          "type": "Mention",
          "href": "{peer}/users/bob",
          "name": "@bob@{peer_host}"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.past_event_created.Create-Event.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$EVENT_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/hier-2021-03-06",
      "type": "Event",
      "url": "{server}/events/hier-2021-03-06",
      "name": "Hier",
      "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
      "mediaType": "text/html",
      "summary": "<p>samedi 6 mars 2021, 14:00–16:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
      "attributedTo": "{server}/actors/asso",
      "actor": "{server}/actors/asso",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "updated": "<now>",
      "startTime": "2021-03-06T14:00:00+01:00",
      "endTime": "2021-03-06T16:00:00+01:00",
      "timezone": "Europe/Paris",
      "category": "COMMUNITY",
      "inLanguage": "fr",
      "status": "CONFIRMED",
      "ical:status": "CONFIRMED",
      "eventStatus": "EventScheduled",
      "isOnline": false,
      "draft": false,
      "joinMode": "restricted",
      "participantCount": 0,
      "attendees": {
        "id": "{server}/events/hier-2021-03-06/attendees",
        "type": "Collection",
        "totalItems": 0
      },
      "anonymousParticipationEnabled": false,
      "commentsEnabled": false,
      "repliesModerationOption": "closed",
      "contacts": [],
      "maximumAttendeeCapacity": 5,
      "remainingAttendeeCapacity": 5,
      "location": {
        "type": "Place",
        "name": "Salle des fêtes",
        "address": {
          "type": "PostalAddress",
          "streetAddress": "10 rue Jangot, Lyon"
        },
        "latitude": 45.75,
        "longitude": 4.84
      },
      "attachment": [
        {
          "type": "Link",
          "href": "https://visio.example/repair",
          "mediaType": "text/html",
          "name": "Website"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.past_event_created.Create-Question.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$POLL_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/events/hier-2021-03-06/poll",
      "type": "Question",
      "attributedTo": "{server}/actors/asso",
      "inReplyTo": "{server}/events/hier-2021-03-06",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "published": "<now>",
      "url": "{server}/events/hier-2021-03-06",
      "content": "<p>Inscriptions pour « Hier », samedi 6 mars 2021, 14:00–16:00 (5 places). Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
      "mediaType": "text/html",
      "endTime": "2021-03-06T15:00:00+00:00",
      "votersCount": 0,
      "oneOf": [
        {
          "type": "Note",
          "name": "Je viens / I'm coming",
          "replies": {
            "type": "Collection",
            "totalItems": 0
          }
        }
      ],
      "closed": "<now>"
    }
  }
}"##,
    ),
    (
        "sent.poll_vote.Create-Note.camille",
        r##"{
  "inbox": "/users/camille/inbox",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "{peer}/users/camille"
    ],
    "cc": [],
    "object": {
      "id": "{server}/activities/<uuid>/note",
      "type": "Note",
      "attributedTo": "{server}/actors/asso",
      "to": [
        "{peer}/users/camille"
      ],
      "cc": [],
      "inReplyTo": "{server}/events/repair-cafe-2030-06-15/poll",
      "published": "<now>",
      "content": "<p><span class=\"h-card\"><a href=\"{peer}/users/camille\" class=\"u-url mention\">@<span>camille</span></a></span> Vous êtes inscrit·e à « Repair café », le 15/06/2030 à 14:00.<br>Pour annuler : <a href=\"{server}/registrations/1/cancel?token=<token>\" rel=\"nofollow noopener\" target=\"_blank\">{server}/registrations/1/cancel?token=<token></a></p><p><a href=\"{server}/events/repair-cafe-2030-06-15\" rel=\"nofollow noopener\" target=\"_blank\">{server}/events/repair-cafe-2030-06-15</a><br>-- <br>Lieu Respirer</p>",
      "mediaType": "text/html",
      "tag": [
        {
          "type": "Mention",
          "href": "{peer}/users/camille",
          "name": "@camille@{peer_host}"
        }
      ]
    }
  }
}"##,
    ),
    (
        "sent.post_created.Create-Article.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$ACTOR_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Create",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/news/yoga-le-dimanche",
      "type": "Article",
      "attributedTo": "{server}/actors/asso",
      "name": "Yoga le dimanche",
      "content": "<p>Chaque <em>dimanche</em> à 10 h.</p>\n",
      "mediaType": "text/html",
      "url": "{server}/news/yoga-le-dimanche",
      "published": "<now>",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "summary": "Apportez un tapis &lt;3"
    }
  }
}"##,
    ),
    (
        "sent.post_deleted.Delete-Tombstone.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$ACTOR_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Delete",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/news/yoga-le-dimanche",
      "type": "Tombstone"
    }
  }
}"##,
    ),
    (
        "sent.post_updated.Update-Article.shared",
        r##"{
  "inbox": "/inbox",
  "body": {
    "@context": "$ACTOR_CONTEXT",
    "id": "{server}/activities/<uuid>",
    "type": "Update",
    "actor": "{server}/actors/asso",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "object": {
      "id": "{server}/news/yoga-le-dimanche",
      "type": "Article",
      "attributedTo": "{server}/actors/asso",
      "name": "Yoga le dimanche (déplacé)",
      "content": "<p>Chaque <em>dimanche</em> à 11 h.</p>\n",
      "mediaType": "text/html",
      "url": "{server}/news/yoga-le-dimanche",
      "published": "<now>",
      "to": [
        "https://www.w3.org/ns/activitystreams#Public"
      ],
      "cc": [
        "{server}/actors/asso/followers"
      ],
      "updated": "<now>"
    }
  }
}"##,
    ),
    (
        "served.actor",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "@context": "$ACTOR_CONTEXT",
    "id": "{server}/actors/asso",
    "type": "Organization",
    "preferredUsername": "asso",
    "name": "Lieu Respirer",
    "summary": "",
    "url": "{server}/",
    "inbox": "{server}/actors/asso/inbox",
    "outbox": "{server}/actors/asso/outbox",
    "followers": "{server}/actors/asso/followers",
    "endpoints": {
      "sharedInbox": "{server}/inbox"
    },
    "manuallyApprovesFollowers": false,
    "discoverable": true,
    "indexable": true,
    "icon": {
      "type": "Image",
      "mediaType": "image/svg+xml",
      "url": "{server}/static/logo.svg"
    },
    "publicKey": {
      "id": "{server}/actors/asso#main-key",
      "owner": "{server}/actors/asso",
      "publicKeyPem": "<public key>"
    },
    "webfinger": "asso@{server_host}"
  }
}"##,
    ),
    (
        "served.article",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "id": "{server}/news/yoga-le-dimanche",
    "type": "Article",
    "attributedTo": "{server}/actors/asso",
    "name": "Yoga le dimanche",
    "content": "<p>Chaque <em>dimanche</em> à 10 h.</p>\n",
    "mediaType": "text/html",
    "url": "{server}/news/yoga-le-dimanche",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "summary": "Apportez un tapis &lt;3",
    "@context": "$ACTOR_CONTEXT"
  }
}"##,
    ),
    (
        "served.attendees",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/events/repair-cafe-2030-06-15/attendees",
    "type": "Collection",
    "totalItems": 0
  }
}"##,
    ),
    (
        "served.error_inbox_content_type",
        r##"{
  "status": 415,
  "content-type": "application/json",
  "body": {
    "error": "send application/activity+json or application/ld+json"
  }
}"##,
    ),
    (
        "served.error_inbox_refused",
        r##"{
  "status": 400,
  "content-type": "application/json",
  "body": {
    "error": "{server}/actors/someone-else is not an actor of this server"
  }
}"##,
    ),
    (
        "served.error_inbox_too_large",
        r##"{
  "status": 413,
  "content-type": "application/json",
  "body": {
    "error": "the body is larger than 1 MiB"
  }
}"##,
    ),
    (
        "served.error_inbox_unsigned",
        r##"{
  "status": 401,
  "content-type": "application/json",
  "body": {
    "error": "missing HTTP signature: sign with draft-cavage HTTP signatures (keyId, headers, signature) and a SHA-256 Digest"
  }
}"##,
    ),
    (
        "served.error_poll_not_found",
        r##"{
  "status": 404,
  "content-type": "application/json",
  "body": {
    "error": "not found"
  }
}"##,
    ),
    (
        "served.event",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "id": "{server}/events/repair-cafe-2030-06-15",
    "type": "Event",
    "url": "{server}/events/repair-cafe-2030-06-15",
    "name": "Repair café",
    "content": "<p>Apportez vos <strong>objets</strong> cassés.</p>\n",
    "mediaType": "text/html",
    "summary": "<p>samedi 15 juin 2030, 14:00–17:00 · Salle des fêtes, 10 rue Jangot, Lyon</p><p>Apportez vos objets cassés.</p>",
    "attributedTo": "{server}/actors/asso",
    "actor": "{server}/actors/asso",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "published": "<now>",
    "updated": "<now>",
    "startTime": "2030-06-15T14:00:00+02:00",
    "endTime": "2030-06-15T17:00:00+02:00",
    "timezone": "Europe/Paris",
    "category": "COMMUNITY",
    "inLanguage": "fr",
    "status": "CONFIRMED",
    "ical:status": "CONFIRMED",
    "eventStatus": "EventScheduled",
    "isOnline": false,
    "draft": false,
    "joinMode": "restricted",
    "participantCount": 0,
    "attendees": {
      "id": "{server}/events/repair-cafe-2030-06-15/attendees",
      "type": "Collection",
      "totalItems": 0
    },
    "anonymousParticipationEnabled": false,
    "commentsEnabled": false,
    "repliesModerationOption": "closed",
    "contacts": [],
    "maximumAttendeeCapacity": 2,
    "remainingAttendeeCapacity": 2,
    "location": {
      "type": "Place",
      "name": "Salle des fêtes",
      "address": {
        "type": "PostalAddress",
        "streetAddress": "10 rue Jangot, Lyon"
      },
      "latitude": 45.75,
      "longitude": 4.84
    },
    "attachment": [
      {
        "type": "Link",
        "href": "https://visio.example/repair",
        "mediaType": "text/html",
        "name": "Website"
      }
    ],
    "@context": "$EVENT_CONTEXT"
  }
}"##,
    ),
    (
        "served.followers",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/actors/asso/followers",
    "type": "OrderedCollection",
    "totalItems": 1
  }
}"##,
    ),
    (
        "served.newsletter",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "id": "{server}/newsletter/2026-12-04-lettre-de-juin",
    "type": "Article",
    "attributedTo": "{server}/actors/asso",
    "name": "Lettre de juin",
    "content": "<p>Des <strong>nouvelles</strong>.</p>\n",
    "mediaType": "text/html",
    "url": "{server}/newsletter/2026-12-04-lettre-de-juin",
    "published": "<now>",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "@context": "$ACTOR_CONTEXT"
  }
}"##,
    ),
    (
        "served.nodeinfo_2.0",
        r##"{
  "status": 200,
  "content-type": "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"",
  "body": {
    "version": "2.0",
    "software": {
      "name": "cheminement",
      "version": "<version>"
    },
    "protocols": [
      "activitypub"
    ],
    "services": {
      "inbound": [],
      "outbound": [
        "atom1.0"
      ]
    },
    "openRegistrations": false,
    "usage": {
      "users": {
        "total": 1,
        "activeMonth": 1,
        "activeHalfyear": 1
      },
      "localPosts": 0
    },
    "metadata": {
      "nodeName": "Lieu Respirer"
    }
  }
}"##,
    ),
    (
        "served.nodeinfo_2.1",
        r##"{
  "status": 200,
  "content-type": "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
  "body": {
    "version": "2.1",
    "software": {
      "name": "cheminement",
      "version": "<version>"
    },
    "protocols": [
      "activitypub"
    ],
    "services": {
      "inbound": [],
      "outbound": [
        "atom1.0"
      ]
    },
    "openRegistrations": false,
    "usage": {
      "users": {
        "total": 1,
        "activeMonth": 1,
        "activeHalfyear": 1
      },
      "localPosts": 0
    },
    "metadata": {
      "nodeName": "Lieu Respirer"
    }
  }
}"##,
    ),
    (
        "served.nodeinfo_links",
        r##"{
  "status": 200,
  "content-type": "application/json",
  "body": {
    "links": [
      {
        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
        "href": "{server}/nodeinfo/2.0"
      },
      {
        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
        "href": "{server}/nodeinfo/2.1"
      },
      {
        "rel": "https://www.w3.org/ns/activitystreams#Application",
        "href": "{server}/actors/asso"
      }
    ]
  }
}"##,
    ),
    (
        "served.outbox",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "{server}/actors/asso/outbox",
    "type": "OrderedCollection",
    "totalItems": 1,
    "first": "{server}/actors/asso/outbox?page=1"
  }
}"##,
    ),
    (
        "served.outbox_page_1",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "@context": "$ACTOR_CONTEXT",
    "id": "{server}/actors/asso/outbox?page=1",
    "type": "OrderedCollectionPage",
    "partOf": "{server}/actors/asso/outbox",
    "totalItems": 1,
    "orderedItems": [
      {
        "id": "{server}/news/yoga-le-dimanche#create",
        "type": "Create",
        "actor": "{server}/actors/asso",
        "published": "<now>",
        "to": [
          "https://www.w3.org/ns/activitystreams#Public"
        ],
        "cc": [
          "{server}/actors/asso/followers"
        ],
        "object": {
          "id": "{server}/news/yoga-le-dimanche",
          "type": "Article",
          "attributedTo": "{server}/actors/asso",
          "name": "Yoga le dimanche",
          "content": "<p>Chaque <em>dimanche</em> à 10 h.</p>\n",
          "mediaType": "text/html",
          "url": "{server}/news/yoga-le-dimanche",
          "published": "<now>",
          "to": [
            "https://www.w3.org/ns/activitystreams#Public"
          ],
          "cc": [
            "{server}/actors/asso/followers"
          ],
          "summary": "Apportez un tapis &lt;3"
        }
      }
    ]
  }
}"##,
    ),
    (
        "served.question",
        r##"{
  "status": 200,
  "content-type": "application/activity+json",
  "body": {
    "id": "{server}/events/repair-cafe-2030-06-15/poll",
    "type": "Question",
    "attributedTo": "{server}/actors/asso",
    "inReplyTo": "{server}/events/repair-cafe-2030-06-15",
    "to": [
      "https://www.w3.org/ns/activitystreams#Public"
    ],
    "cc": [
      "{server}/actors/asso/followers"
    ],
    "published": "<now>",
    "url": "{server}/events/repair-cafe-2030-06-15",
    "content": "<p>Inscriptions pour « Repair café », samedi 15 juin 2030, 14:00–17:00 (2 places). Votez « Je viens / I'm coming » pour réserver votre place : la réponse vous arrivera en message direct.</p>",
    "mediaType": "text/html",
    "endTime": "2030-06-15T15:00:00+00:00",
    "votersCount": 0,
    "oneOf": [
      {
        "type": "Note",
        "name": "Je viens / I'm coming",
        "replies": {
          "type": "Collection",
          "totalItems": 0
        }
      }
    ],
    "@context": "$POLL_CONTEXT"
  }
}"##,
    ),
    (
        "served.webfinger",
        r##"{
  "status": 200,
  "content-type": "application/jrd+json",
  "body": {
    "subject": "acct:asso@{server_host}",
    "aliases": [
      "{server}/actors/asso",
      "{server}/"
    ],
    "links": [
      {
        "rel": "self",
        "type": "application/activity+json",
        "href": "{server}/actors/asso"
      },
      {
        "rel": "http://webfinger.net/rel/profile-page",
        "type": "text/html",
        "href": "{server}/"
      }
    ]
  }
}"##,
    ),
];
