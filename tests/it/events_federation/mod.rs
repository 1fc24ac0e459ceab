//! Events on the fediverse, through the real router and job queue, against the signing fake
//! peer of `common::peer`: the Event and its poll reach followers (Create, Update, Delete,
//! cancellation); every way of registering from the fediverse (Mobilizon `Join`, `Leave` and
//! `Undo{Join}`, a Mastodon poll vote, Friendica `Accept`/`TentativeAccept`/`Reject` and their
//! `Undo`) lands in one registration with its answer on its channel; bad input changes nothing;
//! the numbers are republished at most once a minute; and ten people joining at once for three
//! places gives exactly three `Accept`s, on SQLite and on PostgreSQL.

use std::time::Duration;

use axum::http::StatusCode;
use cheminement::{
    app::events as event_use_cases,
    db::{now, schema::jobs},
    events::{Channel, Event, EventInput, Registration, RegistrationStatus, registrations},
};
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::common::{peer::*, *};

mod event_and_join;
mod votes_accepts_capacity;

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// An event `days` from now (negative: in the past), two hours long.
fn input(title: &str, capacity: Option<i32>, days: i64) -> EventInput {
    let start = (chrono::Utc::now() + chrono::Duration::days(days)).naive_utc();
    let end = start + chrono::Duration::hours(2);
    crate::common::events::event_input(json!({
        "title": title,
        "description": "Apportez vos **objets** cassés.",
        "starts_at": start.format("%Y-%m-%dT%H:%M:00").to_string(),
        "ends_at": end.format("%Y-%m-%dT%H:%M:00").to_string(),
        "timezone": "Europe/Paris",
        "place_name": "Salle des fêtes",
        "place_address": "10 rue Jangot, Lyon",
        "latitude": 45.75,
        "longitude": 4.84,
        "category": "community",
        "capacity": capacity,
    }))
}

async fn create_event(server: &TestServer, title: &str, capacity: Option<i32>, days: i64) -> Event {
    event_use_cases::create_event(&server.app, input(title, capacity, days))
        .await
        .unwrap()
}

fn event_id_url(server: &TestServer, event: &Event) -> String {
    server.url(&format!("/events/{}", event.slug))
}

fn poll_url(server: &TestServer, event: &Event) -> String {
    format!("{}/poll", event_id_url(server, event))
}

fn inbox(server: &TestServer) -> String {
    server.app.actor.inbox.to_string()
}

fn registrations_of(server: &TestServer, event: &Event) -> Vec<Registration> {
    let mut conn = server.app.db.conn().unwrap();
    registrations::list(&mut conn, event.id).unwrap()
}

fn with_status(regs: &[Registration], status: RegistrationStatus) -> Vec<Registration> {
    regs.iter()
        .filter(|r| r.status == status)
        .cloned()
        .collect()
}

/// Jobs of a kind, as (status, payload, seconds until run_at).
fn jobs_of(server: &TestServer, kind: &str) -> Vec<(String, String, i64)> {
    let mut conn = server.app.db.conn().unwrap();
    let rows: Vec<(String, String, chrono::NaiveDateTime)> = jobs::table
        .filter(jobs::kind.eq(kind))
        .order(jobs::id)
        .select((jobs::status, jobs::payload, jobs::run_at))
        .load(&mut *conn)
        .unwrap();
    rows.into_iter()
        .map(|(s, p, at)| (s, p, (at - now()).num_seconds()))
        .collect()
}

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
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.settle().await;
}

async fn post(peer: &Peer, name: &str, server: &TestServer, activity: &Value) {
    let answer = peer.post_signed(name, &inbox(server), activity).await;
    let status = answer.status();
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "{}",
        answer.text().await.unwrap()
    );
}

fn join(peer: &Peer, name: &str, server: &TestServer, event: &Event) -> Value {
    json!({
        "@context": [AS, {"participationMessage": "https://joinmobilizon.org/ns#participationMessage"}],
        "id": peer.new_id(),
        "type": "Join",
        "actor": peer.actor_id(name),
        "object": event_id_url(server, event),
        "participationMessage": "Je viendrai avec <b>ma fille</b>",
        "to": [peer.actor_id(name), server.app.actor.id.to_string()],
        "cc": [],
    })
}

fn simple(peer: &Peer, name: &str, kind: &str, object: Value) -> Value {
    json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": kind,
        "actor": peer.actor_id(name),
        "object": object,
    })
}

/// A vote as Mastodon sends it (`to` a string), or as Misskey does (`to` an array).
fn vote(
    peer: &Peer,
    name: &str,
    server: &TestServer,
    event: &Event,
    option: &str,
    to_array: bool,
) -> Value {
    let actor = peer.actor_id(name);
    let asso = server.app.actor.id.to_string();
    let to = if to_array { json!([asso]) } else { json!(asso) };
    let note_id = format!("{actor}#votes/{}", uuid::Uuid::new_v4());
    json!({
        "@context": AS,
        "id": format!("{note_id}/activity"),
        "type": "Create",
        "actor": actor,
        "to": to,
        "object": {
            "id": note_id,
            "type": "Note",
            "name": option,
            "attributedTo": actor,
            "to": to,
            "inReplyTo": poll_url(server, event),
        },
    })
}

/// What reached the peer's shared inbox (where deliveries to followers go), as JSON.
fn shared(peer: &Peer) -> Vec<Value> {
    peer.received()
        .iter()
        .filter(|r| r.path == "/inbox")
        .map(Received::json)
        .collect()
}

fn of_type<'a>(activities: &'a [Value], kind: &str) -> Vec<&'a Value> {
    activities.iter().filter(|a| a["type"] == kind).collect()
}

/// Checks a direct message: a Create{Note} addressed to `actor` only, mentioning them.
fn assert_direct_message(dm: &Value, server: &TestServer, actor: &str) {
    assert_eq!(dm["type"], "Create", "{dm:#}");
    assert_eq!(dm["actor"], server.app.actor.id.to_string());
    assert_eq!(dm["to"], json!([actor]));
    assert_eq!(dm["cc"], json!([]));
    let note = &dm["object"];
    assert_eq!(note["type"], "Note");
    assert_eq!(note["to"], json!([actor]));
    assert_eq!(note["cc"], json!([]));
    assert!(
        !dm.to_string().contains(PUBLIC),
        "a DM is not public: {dm:#}"
    );
    let tag = &note["tag"][0];
    assert_eq!(tag["type"], "Mention");
    assert_eq!(tag["href"], actor);
    assert!(
        note["content"]
            .as_str()
            .unwrap()
            .contains(&format!("href=\"{actor}\"")),
        "{note:#}"
    );
}
