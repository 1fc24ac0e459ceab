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
//! The expected documents are the JSON files of `wire_shapes/expected/`, one per document
//! (their `@context`s in `expected/contexts/`). `WIRE_SHAPES_DUMP=DIR cargo test --test it --
//! wire_shapes::` writes what the test saw to DIR under the same names, so that a change can be
//! read as a diff against that folder.

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

mod compare;
use compare::Shapes;

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
