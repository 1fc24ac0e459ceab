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

// ---------------------------------------------------------------------------------------------
// The Event and its poll, to followers
// ---------------------------------------------------------------------------------------------

both_backends!(async an_event_reaches_followers_as_create_with_its_question_and_every_change_follows);
async fn an_event_reaches_followers_as_create_with_its_question_and_every_change_follows(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let follower = peer.add_actor("camille").await;
    let follow = simple(
        &peer,
        "camille",
        "Follow",
        json!(server.app.actor.id.to_string()),
    );
    post(&peer, "camille", &server, &follow).await;
    server.settle().await;
    peer.clear();

    let event = create_event(&server, "Repair café", Some(20), 10).await;
    server.settle().await;
    let got: Vec<Value> = peer.received().iter().map(Received::json).collect();
    for r in peer.received() {
        verify_server_signature(&r, &server);
    }
    let event_url = event_id_url(&server, &event);
    let creates = of_type(&got, "Create");
    assert_eq!(creates.len(), 2, "the Event and its Question: {got:#?}");

    let create = creates
        .iter()
        .find(|a| a["object"]["type"] == "Event")
        .expect("a Create of the Event");
    assert_eq!(create["to"], json!([PUBLIC]));
    let object = &create["object"];
    assert_eq!(object["id"], event_url);
    assert_eq!(object["url"], event_url);
    assert_eq!(object["name"], "Repair café");
    assert_eq!(object["attributedTo"], server.app.actor.id.to_string());
    assert_eq!(object["actor"], server.app.actor.id.to_string());
    assert!(
        object["content"]
            .as_str()
            .unwrap()
            .contains("<strong>objets</strong>")
    );
    let summary = object["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("<p>") && summary.contains("Salle des fêtes"),
        "{summary}"
    );
    assert_eq!(object["timezone"], "Europe/Paris");
    assert!(
        object["startTime"].as_str().unwrap().ends_with("+01:00")
            || object["startTime"].as_str().unwrap().ends_with("+02:00")
    );
    assert_eq!(
        object["joinMode"], "restricted",
        "a capacity: Mobilizon shows pending"
    );
    assert_eq!(object["maximumAttendeeCapacity"], 20);
    assert_eq!(object["remainingAttendeeCapacity"], 20);
    assert_eq!(object["participantCount"], 0);
    assert_eq!(object["status"], "CONFIRMED");
    assert_eq!(object["ical:status"], "CONFIRMED");
    assert_eq!(object["eventStatus"], "EventScheduled");
    assert_eq!(object["category"], "COMMUNITY");
    assert_eq!(object["attendees"]["totalItems"], 0);
    assert_eq!(object["location"]["type"], "Place");
    assert_eq!(object["location"]["address"]["type"], "PostalAddress");
    assert_eq!(object["location"]["latitude"], 45.75);
    // The context names the Mobilizon and FEP-8a8e terms.
    let context = create["@context"].to_string();
    for term in [
        "joinMode",
        "participantCount",
        "remainingAttendeeCapacity",
        "maximumAttendeeCapacity",
        "eventStatus",
        "https://w3id.org/security/v1",
    ] {
        assert!(context.contains(term), "the @context lacks {term}");
    }

    let question = creates
        .iter()
        .find(|a| a["object"]["type"] == "Question")
        .expect("a Create of the Question");
    let q = &question["object"];
    assert_eq!(q["id"], poll_url(&server, &event));
    assert_eq!(q["inReplyTo"], event_url);
    assert_eq!(q["oneOf"].as_array().unwrap().len(), 1);
    assert_eq!(q["oneOf"][0]["name"], "Je viens / I'm coming");
    assert!(q.get("closed").is_none());

    // Both are served as JSON at their ids.
    let client = reqwest::Client::new();
    let served: Value = client
        .get(poll_url(&server, &event))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["type"], "Question");
    assert_eq!(served["id"], poll_url(&server, &event));
    let served: Value = client
        .get(&event_url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["type"], "Event");
    assert_eq!(served["id"], event_url);

    // An edit: Update of both, with the new values.
    peer.clear();
    let mut edit = input("Repair café géant", Some(20), 10);
    edit.starts_at = Some(
        event
            .starts_at
            .and_utc()
            .with_timezone(&chrono_tz::Europe::Paris)
            .naive_local(),
    );
    edit.ends_at = Some(
        event
            .ends_at
            .and_utc()
            .with_timezone(&chrono_tz::Europe::Paris)
            .naive_local(),
    );
    event_use_cases::update_event(&server.app, event.id, edit)
        .await
        .unwrap();
    server.settle().await;
    let got: Vec<Value> = peer.received().iter().map(Received::json).collect();
    let updates = of_type(&got, "Update");
    assert_eq!(updates.len(), 2, "{got:#?}");
    let update = updates
        .iter()
        .find(|a| a["object"]["type"] == "Event")
        .unwrap();
    assert_eq!(update["object"]["id"], event_url);
    assert_eq!(update["object"]["name"], "Repair café géant");
    assert!(updates.iter().any(|a| a["object"]["type"] == "Question"));

    // A cancellation: an Update with status CANCELLED, and the poll closed.
    peer.clear();
    event_use_cases::cancel_event(&server.app, event.id)
        .await
        .unwrap();
    server.settle().await;
    let got: Vec<Value> = peer.received().iter().map(Received::json).collect();
    let update = of_type(&got, "Update")
        .into_iter()
        .find(|a| a["object"]["type"] == "Event")
        .cloned()
        .expect("an Update of the cancelled event");
    assert_eq!(update["object"]["status"], "CANCELLED");
    assert_eq!(update["object"]["eventStatus"], "EventCancelled");
    let poll = of_type(&got, "Update")
        .into_iter()
        .find(|a| a["object"]["type"] == "Question")
        .cloned()
        .expect("an Update of the poll");
    assert!(poll["object"]["closed"].is_string(), "{poll:#}");

    // A removal: Delete of a Tombstone that was an Event (and of the poll).
    peer.clear();
    event_use_cases::delete_event(&server.app, event.id)
        .await
        .unwrap();
    server.settle().await;
    let got: Vec<Value> = peer.received().iter().map(Received::json).collect();
    let deletes = of_type(&got, "Delete");
    assert_eq!(deletes.len(), 2, "{got:#?}");
    let delete = deletes
        .iter()
        .find(|a| a["object"]["id"] == event_url)
        .unwrap();
    assert_eq!(delete["object"]["type"], "Tombstone");
    assert_eq!(delete["object"]["formerType"], "Event");
    assert!(
        deletes
            .iter()
            .any(|a| a["object"]["formerType"] == "Question")
    );
    let _ = follower;
}

#[tokio::test]
async fn an_event_without_capacity_is_free_and_one_without_registration_has_no_poll() {
    let storage = Storage::new(Backend::Sqlite);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    peer.add_actor("camille").await;
    let follow = simple(
        &peer,
        "camille",
        "Follow",
        json!(server.app.actor.id.to_string()),
    );
    post(&peer, "camille", &server, &follow).await;
    server.settle().await;
    peer.clear();

    create_event(&server, "Pique-nique", None, 5).await;
    let mut no_registration = input("Expo", None, 6);
    no_registration.takes_registrations = false;
    event_use_cases::create_event(&server.app, no_registration)
        .await
        .unwrap();
    server.settle().await;
    let got: Vec<Value> = peer.received().iter().map(Received::json).collect();
    let events: Vec<&Value> = got
        .iter()
        .filter(|a| a["object"]["type"] == "Event")
        .collect();
    assert_eq!(events.len(), 2);
    let free = events
        .iter()
        .find(|a| a["object"]["name"] == "Pique-nique")
        .unwrap();
    assert_eq!(free["object"]["joinMode"], "free");
    assert_eq!(free["object"]["remainingAttendeeCapacity"], Value::Null);
    let expo = events
        .iter()
        .find(|a| a["object"]["name"] == "Expo")
        .unwrap();
    assert_eq!(expo["object"]["joinMode"], "external");
    let questions = got
        .iter()
        .filter(|a| a["object"]["type"] == "Question")
        .count();
    assert_eq!(
        questions, 1,
        "only the event that takes registrations has a poll"
    );
}

// ---------------------------------------------------------------------------------------------
// Mobilizon: Join, Leave, Undo{Join}
// ---------------------------------------------------------------------------------------------

both_backends!(async a_join_is_answered_by_an_accept_of_that_join_and_a_replay_changes_nothing);
async fn a_join_is_answered_by_an_accept_of_that_join_and_a_replay_changes_nothing(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let jules = peer.add_actor("jules").await;
    let event = create_event(&server, "Concert", Some(19), 10).await;
    server.settle().await;

    let activity = join(&peer, "jules", &server, &event);
    post(&peer, "jules", &server, &activity).await;
    server.settle().await;

    let regs = registrations_of(&server, &event);
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].status, RegistrationStatus::Confirmed);
    assert_eq!(regs[0].channel, Channel::Join);
    assert_eq!(regs[0].actor_id.as_deref(), Some(jules.as_str()));
    assert_eq!(regs[0].channel_ref.as_deref(), activity["id"].as_str());
    assert_eq!(regs[0].name, "jules on the peer");
    assert_eq!(
        regs[0].message, "Je viendrai avec ma fille",
        "the message is plain text"
    );

    let got = peer.received_by("jules");
    let accepts = of_type(&got, "Accept");
    assert_eq!(accepts.len(), 1, "{got:#?}");
    let accept = accepts[0];
    assert_eq!(
        accept["actor"],
        server.app.actor.id.to_string(),
        "sent by attributedTo"
    );
    assert_eq!(accept["object"]["type"], "Join");
    assert_eq!(accept["object"]["id"], activity["id"]);
    assert_eq!(accept["object"]["actor"], jules);
    assert_eq!(accept["object"]["object"], event_id_url(&server, &event));
    for r in peer.received() {
        verify_server_signature(&r, &server);
    }

    // The same Join again (a retry): nothing new.
    post(&peer, "jules", &server, &activity).await;
    server.settle().await;
    assert_eq!(registrations_of(&server, &event).len(), 1);
    assert_eq!(of_type(&peer.received_by("jules"), "Accept").len(), 1);

    // A new Join while in (Mobilizon lost its state): the new Join gets its Accept too.
    let again = join(&peer, "jules", &server, &event);
    post(&peer, "jules", &server, &again).await;
    server.settle().await;
    assert_eq!(registrations_of(&server, &event).len(), 1);
    let got = peer.received_by("jules");
    let accepts = of_type(&got, "Accept");
    assert_eq!(accepts.len(), 2);
    assert_eq!(accepts[1]["object"]["id"], again["id"]);
}

both_backends!(async a_join_on_a_full_event_waits_and_a_leave_gives_the_seat_to_the_first_waiting);
async fn a_join_on_a_full_event_waits_and_a_leave_gives_the_seat_to_the_first_waiting(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let bob = peer.add_actor("bob").await;
    peer.add_actor("carol").await;
    let event = create_event(&server, "Yoga", Some(1), 3).await;

    let alice_join = join(&peer, "alice", &server, &event);
    post(&peer, "alice", &server, &alice_join).await;
    server.settle().await;
    let bob_join = join(&peer, "bob", &server, &event);
    post(&peer, "bob", &server, &bob_join).await;
    server.settle().await;
    let carol_join = join(&peer, "carol", &server, &event);
    post(&peer, "carol", &server, &carol_join).await;
    server.settle().await;

    let regs = registrations_of(&server, &event);
    assert_eq!(with_status(&regs, RegistrationStatus::Confirmed).len(), 1);
    assert_eq!(with_status(&regs, RegistrationStatus::Waitlisted).len(), 2);
    assert_eq!(of_type(&peer.received_by("alice"), "Accept").len(), 1);
    // Bob waits: no Accept yet (Mobilizon keeps showing "pending"), but a message says why.
    let bob_got = peer.received_by("bob");
    assert!(of_type(&bob_got, "Accept").is_empty(), "{bob_got:#?}");
    assert!(of_type(&bob_got, "Reject").is_empty(), "{bob_got:#?}");
    let dms = of_type(&bob_got, "Create");
    assert_eq!(dms.len(), 1, "{bob_got:#?}");
    assert_direct_message(dms[0], &server, &bob);
    let content = dms[0]["object"]["content"].as_str().unwrap();
    assert!(
        content.contains("liste d&#39;attente") || content.contains("waiting list"),
        "{content}"
    );

    // Alice leaves: Bob (first to wait) is in and gets the Accept of his Join; Carol waits.
    let leave = simple(
        &peer,
        "alice",
        "Leave",
        json!(event_id_url(&server, &event)),
    );
    post(&peer, "alice", &server, &leave).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    let by = |actor: &str| {
        regs.iter()
            .find(|r| r.actor_id.as_deref() == Some(actor))
            .unwrap()
            .status
    };
    assert_eq!(by(&alice), RegistrationStatus::Cancelled);
    assert_eq!(by(&bob), RegistrationStatus::Confirmed);
    assert_eq!(by(&peer.actor_id("carol")), RegistrationStatus::Waitlisted);
    let accepts = of_type(&peer.received_by("bob"), "Accept")
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(accepts.len(), 1);
    assert_eq!(accepts[0]["object"]["id"], bob_join["id"]);
    assert!(of_type(&peer.received_by("carol"), "Accept").is_empty());
    // Alice's own Leave needs no answer.
    assert_eq!(
        peer.received_by("alice").len(),
        1,
        "{:#?}",
        peer.received_by("alice")
    );

    // Leaving again, or leaving what one never joined, changes nothing.
    let again = simple(
        &peer,
        "alice",
        "Leave",
        json!(event_id_url(&server, &event)),
    );
    post(&peer, "alice", &server, &again).await;
    server.settle().await;
    assert_eq!(registrations_of(&server, &event).len(), 3);
}

#[tokio::test]
async fn undo_of_a_join_embedded_or_by_id_cancels_the_registration() {
    let storage = Storage::new(Backend::Sqlite);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let bob = peer.add_actor("bob").await;
    let event = create_event(&server, "Atelier", Some(5), 4).await;

    let alice_join = join(&peer, "alice", &server, &event);
    post(&peer, "alice", &server, &alice_join).await;
    let bob_join = join(&peer, "bob", &server, &event);
    post(&peer, "bob", &server, &bob_join).await;
    server.settle().await;
    assert_eq!(
        with_status(
            &registrations_of(&server, &event),
            RegistrationStatus::Confirmed
        )
        .len(),
        2
    );

    // Alice undoes her Join with the Join embedded, Bob by its id.
    let undo = simple(&peer, "alice", "Undo", alice_join.clone());
    post(&peer, "alice", &server, &undo).await;
    let undo = simple(&peer, "bob", "Undo", bob_join["id"].clone());
    post(&peer, "bob", &server, &undo).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    assert_eq!(
        with_status(&regs, RegistrationStatus::Cancelled).len(),
        2,
        "{regs:#?}"
    );

    // An Undo of someone else's Join is refused and changes nothing.
    let carol = peer.add_actor("carol").await;
    let carol_join = join(&peer, "carol", &server, &event);
    post(&peer, "carol", &server, &carol_join).await;
    server.settle().await;
    let forged = simple(&peer, "alice", "Undo", carol_join.clone());
    let answer = peer.post_signed("alice", &inbox(&server), &forged).await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    // By id, someone else's Join is not found among the undoer's own activities.
    let forged = simple(&peer, "alice", "Undo", carol_join["id"].clone());
    post(&peer, "alice", &server, &forged).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    let carol_reg = regs
        .iter()
        .find(|r| r.actor_id.as_deref() == Some(carol.as_str()))
        .unwrap();
    assert_eq!(carol_reg.status, RegistrationStatus::Confirmed);
    let _ = (alice, bob);
}

both_backends!(async a_join_for_an_unknown_event_stores_nothing_and_one_for_a_past_event_is_rejected);
async fn a_join_for_an_unknown_event_stores_nothing_and_one_for_a_past_event_is_rejected(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    peer.add_actor("jules").await;
    let past = create_event(&server, "Hier", Some(10), -2).await;
    server.settle().await;

    for object in [
        json!(server.url("/events/nothing-here")),
        json!("https://elsewhere.example/events/1"),
        json!({"type": "Event", "id": server.url("/events/nothing-here-either")}),
    ] {
        let activity = simple(&peer, "jules", "Join", object);
        post(&peer, "jules", &server, &activity).await;
    }
    server.settle().await;
    assert!(registrations_of(&server, &past).is_empty());
    assert!(peer.received_by("jules").is_empty(), "nothing is answered");
    assert!(jobs_of(&server, "rsvp-notice").is_empty());

    let activity = join(&peer, "jules", &server, &past);
    post(&peer, "jules", &server, &activity).await;
    server.settle().await;
    assert!(
        registrations_of(&server, &past).is_empty(),
        "nothing stored"
    );
    let got = peer.received_by("jules");
    let rejects = of_type(&got, "Reject");
    assert_eq!(rejects.len(), 1, "{got:#?}");
    assert_eq!(rejects[0]["object"]["id"], activity["id"]);
    assert_eq!(rejects[0]["object"]["type"], "Join");
    assert_eq!(rejects[0]["actor"], server.app.actor.id.to_string());
}

// ---------------------------------------------------------------------------------------------
// Mastodon and Misskey: a vote in the poll
// ---------------------------------------------------------------------------------------------

both_backends!(async a_poll_vote_registers_and_is_answered_by_a_direct_message_with_the_cancel_link);
async fn a_poll_vote_registers_and_is_answered_by_a_direct_message_with_the_cancel_link(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let camille = peer.add_actor("camille").await;
    let misskey = peer.add_actor("mi").await;
    let event = create_event(&server, "Concert", Some(1), 7).await;

    // Mastodon's `to` is a string.
    let mastodon_vote = vote(
        &peer,
        "camille",
        &server,
        &event,
        "Je viens / I'm coming",
        false,
    );
    post(&peer, "camille", &server, &mastodon_vote).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].status, RegistrationStatus::Confirmed);
    assert_eq!(regs[0].channel, Channel::Poll);
    assert_eq!(
        regs[0].channel_ref.as_deref(),
        mastodon_vote["object"]["id"].as_str()
    );

    let got = peer.received_by("camille");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_direct_message(&got[0], &server, &camille);
    let note = &got[0]["object"];
    assert_eq!(note["inReplyTo"], poll_url(&server, &event));
    let cancel = server.app.links.cancel_url(regs[0].id);
    let content = note["content"].as_str().unwrap();
    assert!(
        content.contains(&format!("<a href=\"{cancel}\"")),
        "the cancel link is a link: {content}"
    );
    assert!(content.contains("Concert"), "{content}");

    // Misskey's `to` is an array; the event is full now: waiting list, told so.
    let misskey_vote = vote(&peer, "mi", &server, &event, "Je viens / I'm coming", true);
    post(&peer, "mi", &server, &misskey_vote).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    let mi = regs
        .iter()
        .find(|r| r.actor_id.as_deref() == Some(misskey.as_str()))
        .unwrap();
    assert_eq!(mi.status, RegistrationStatus::Waitlisted);
    let got = peer.received_by("mi");
    assert_eq!(got.len(), 1);
    assert_direct_message(&got[0], &server, &misskey);
    let content = got[0]["object"]["content"].as_str().unwrap();
    assert!(
        content.contains(&server.app.links.cancel_url(mi.id)),
        "{content}"
    );

    // The cancel link works, and the seat goes to the one waiting, who is told.
    let cancelled = {
        let mut conn = server.app.db.conn().unwrap();
        registrations::cancel(&mut conn, &server.app.links, regs[0].id).unwrap()
    };
    assert_eq!(cancelled.status, RegistrationStatus::Cancelled);
    server.app.jobs.wake();
    server.settle().await;
    assert_eq!(peer.received_by("mi").len(), 2);
    assert_eq!(
        peer.received_by("camille").len(),
        2,
        "the cancellation is acknowledged"
    );
}

#[tokio::test]
async fn a_vote_for_an_option_that_does_not_exist_or_not_by_its_signer_changes_nothing() {
    let storage = Storage::new(Backend::Sqlite);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    peer.add_actor("camille").await;
    let event = create_event(&server, "Concert", Some(10), 7).await;
    server.settle().await;

    let wrong = vote(&peer, "camille", &server, &event, "Je ne viens pas", false);
    post(&peer, "camille", &server, &wrong).await;
    // A reply with content, in reply to the poll, is not a vote.
    let mut reply = vote(
        &peer,
        "camille",
        &server,
        &event,
        "Je viens / I'm coming",
        false,
    );
    reply["object"]["content"] = json!("<p>Super !</p>");
    post(&peer, "camille", &server, &reply).await;
    // A vote said to be by someone else.
    let mut forged = vote(
        &peer,
        "camille",
        &server,
        &event,
        "Je viens / I'm coming",
        false,
    );
    forged["object"]["attributedTo"] = json!("https://elsewhere.example/users/x");
    post(&peer, "camille", &server, &forged).await;
    // A vote in a poll that is not ours.
    let mut elsewhere = vote(
        &peer,
        "camille",
        &server,
        &event,
        "Je viens / I'm coming",
        true,
    );
    elsewhere["object"]["inReplyTo"] = json!("https://elsewhere.example/polls/1");
    post(&peer, "camille", &server, &elsewhere).await;
    server.settle().await;

    assert!(registrations_of(&server, &event).is_empty());
    assert!(jobs_of(&server, "rsvp-notice").is_empty());
    assert!(jobs_of(&server, "event-counts").is_empty());
    assert!(peer.received_by("camille").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Friendica: Accept, TentativeAccept, Reject of the event, and their Undo
// ---------------------------------------------------------------------------------------------

both_backends!(async friendica_accept_and_tentative_accept_register_and_reject_or_undo_cancel);
async fn friendica_accept_and_tentative_accept_register_and_reject_or_undo_cancel(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    // Nobody here follows the association: the signature is what proves who registers.
    let carol = peer.add_actor("carol").await;
    let dan = peer.add_actor("dan").await;
    let event = create_event(&server, "Bal", Some(10), 7).await;
    let event_url = event_id_url(&server, &event);

    let accept = simple(&peer, "carol", "Accept", json!(event_url));
    post(&peer, "carol", &server, &accept).await;
    let maybe = simple(&peer, "dan", "TentativeAccept", json!(event_url));
    post(&peer, "dan", &server, &maybe).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    assert_eq!(with_status(&regs, RegistrationStatus::Confirmed).len(), 2);
    assert!(regs.iter().all(|r| r.channel == Channel::Accept));
    for (name, actor) in [("carol", &carol), ("dan", &dan)] {
        let got = peer.received_by(name);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_direct_message(&got[0], &server, actor);
        assert_eq!(got[0]["object"]["inReplyTo"], event_url);
        let reg = regs
            .iter()
            .find(|r| r.actor_id.as_deref() == Some(actor.as_str()))
            .unwrap();
        let content = got[0]["object"]["content"].as_str().unwrap();
        assert!(content.contains(&server.app.links.cancel_url(reg.id)));
    }

    // A second Accept while registered: the same answer again, no second registration.
    let again = simple(&peer, "carol", "Accept", json!(event_url));
    post(&peer, "carol", &server, &again).await;
    server.settle().await;
    assert_eq!(registrations_of(&server, &event).len(), 2);
    let got = peer.received_by("carol");
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_direct_message(&got[1], &server, &carol);

    // Carol says no after all; Dan undoes his maybe (by id).
    let reject = simple(&peer, "carol", "Reject", json!(event_url));
    post(&peer, "carol", &server, &reject).await;
    let undo = simple(&peer, "dan", "Undo", maybe["id"].clone());
    post(&peer, "dan", &server, &undo).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    assert_eq!(
        with_status(&regs, RegistrationStatus::Cancelled).len(),
        2,
        "{regs:#?}"
    );

    // Carol comes back, then undoes that Accept (embedded).
    let accept = simple(&peer, "carol", "Accept", json!(event_url));
    post(&peer, "carol", &server, &accept).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    assert_eq!(with_status(&regs, RegistrationStatus::Confirmed).len(), 1);
    let undo = simple(&peer, "carol", "Undo", accept.clone());
    post(&peer, "carol", &server, &undo).await;
    server.settle().await;
    let regs = registrations_of(&server, &event);
    assert!(
        with_status(&regs, RegistrationStatus::Confirmed).is_empty(),
        "{regs:#?}"
    );

    // An Accept of something that is not one of our events (a Follow) changes nothing.
    let other = simple(
        &peer,
        "carol",
        "Accept",
        json!({"type": "Follow", "id": peer.new_id(), "actor": server.app.actor.id.to_string(), "object": carol}),
    );
    post(&peer, "carol", &server, &other).await;
    server.settle().await;
    assert_eq!(registrations_of(&server, &event).len(), 2);
}

// ---------------------------------------------------------------------------------------------
// The numbers, republished at most once a minute; the poll closed when full
// ---------------------------------------------------------------------------------------------

both_backends!(async registrations_republish_the_numbers_once_a_minute_and_close_the_poll_when_full);
async fn registrations_republish_the_numbers_once_a_minute_and_close_the_poll_when_full(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    peer.add_actor("follower").await;
    let follow = simple(
        &peer,
        "follower",
        "Follow",
        json!(server.app.actor.id.to_string()),
    );
    post(&peer, "follower", &server, &follow).await;
    for name in ["a", "b", "c"] {
        peer.add_actor(name).await;
    }
    let event = create_event(&server, "Concert", Some(2), 7).await;
    server.settle().await;
    peer.clear();

    for name in ["a", "b", "c"] {
        let activity = join(&peer, name, &server, &event);
        post(&peer, name, &server, &activity).await;
    }
    server.settle().await;
    let counts = jobs_of(&server, "event-counts");
    assert_eq!(
        counts.len(),
        1,
        "one republication for three changes: {counts:?}"
    );
    assert_eq!(counts[0].0, "pending");
    assert!(
        (55..=60).contains(&counts[0].2),
        "a minute later: {counts:?}"
    );
    assert!(shared(&peer).is_empty(), "nothing yet");

    run_counts_now(&server).await;
    let got = shared(&peer);
    let update = of_type(&got, "Update")
        .into_iter()
        .find(|a| a["object"]["type"] == "Event")
        .cloned()
        .unwrap_or_else(|| panic!("an Update of the event: {got:#?}"));
    assert_eq!(update["object"]["participantCount"], 2);
    assert_eq!(update["object"]["remainingAttendeeCapacity"], 0);
    assert_eq!(update["object"]["attendees"]["totalItems"], 2);
    let poll = of_type(&got, "Update")
        .into_iter()
        .find(|a| a["object"]["type"] == "Question")
        .cloned()
        .expect("an Update of the poll");
    assert!(
        poll["object"]["closed"].is_string(),
        "full: the poll is closed"
    );
    assert_eq!(poll["object"]["votersCount"], 2);

    // A change after that one ran is republished a minute later again.
    let leave = simple(&peer, "a", "Leave", json!(event_id_url(&server, &event)));
    post(&peer, "a", &server, &leave).await;
    server.settle().await;
    let counts = jobs_of(&server, "event-counts");
    assert_eq!(
        counts.iter().filter(|j| j.0 == "pending").count(),
        1,
        "{counts:?}"
    );
    peer.clear();
    run_counts_now(&server).await;
    let got = shared(&peer);
    let update = of_type(&got, "Update")
        .into_iter()
        .find(|a| a["object"]["type"] == "Event")
        .cloned()
        .unwrap();
    // C was promoted: still full.
    assert_eq!(update["object"]["participantCount"], 2);
    assert_eq!(update["object"]["remainingAttendeeCapacity"], 0);
}

// ---------------------------------------------------------------------------------------------
// Capacity: ten at once for three places
// ---------------------------------------------------------------------------------------------

both_backends!(async ten_joins_at_once_for_three_places_give_three_accepts_and_a_leave_promotes_the_first_waiting);
async fn ten_joins_at_once_for_three_places_give_three_accepts_and_a_leave_promotes_the_first_waiting(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let peer = Peer::start().await;
    let names: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
    for name in &names {
        peer.add_actor(name).await;
    }
    let event = create_event(&server, "Jauge", Some(3), 5).await;
    server.settle().await;

    let joins: Vec<Value> = names
        .iter()
        .map(|n| join(&peer, n, &server, &event))
        .collect();
    let to = inbox(&server);
    let sends = names
        .iter()
        .zip(&joins)
        .map(|(name, activity)| peer.post_signed(name, &to, activity));
    for answer in futures::future::join_all(sends).await {
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
    }
    server.settle().await;

    let regs = registrations_of(&server, &event);
    assert_eq!(regs.len(), 10);
    let confirmed = with_status(&regs, RegistrationStatus::Confirmed);
    let waiting = with_status(&regs, RegistrationStatus::Waitlisted);
    assert_eq!(confirmed.len(), 3, "{regs:#?}");
    assert_eq!(waiting.len(), 7);
    {
        let mut conn = server.app.db.conn().unwrap();
        let stored = cheminement::events::agenda::find(&mut conn, event.id).unwrap();
        assert_eq!(stored.confirmed_count, 3);
    }

    let name_of = |actor: &str| actor.rsplit('/').next().unwrap().to_string();
    let join_of = |actor: &str| joins.iter().find(|j| j["actor"] == actor).unwrap()["id"].clone();
    // Exactly three Accepts, each of the Join of a confirmed peer.
    let accepts: Vec<Value> = peer
        .received()
        .iter()
        .map(Received::json)
        .filter(|a| a["type"] == "Accept")
        .collect();
    assert_eq!(accepts.len(), 3, "{accepts:#?}");
    for r in &confirmed {
        let actor = r.actor_id.clone().unwrap();
        let got = of_type(&peer.received_by(&name_of(&actor)), "Accept")
            .into_iter()
            .cloned()
            .collect::<Vec<_>>();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0]["object"]["id"], join_of(&actor));
    }
    for r in &waiting {
        let got = peer.received_by(&name_of(r.actor_id.as_deref().unwrap()));
        assert!(of_type(&got, "Accept").is_empty());
        assert!(of_type(&got, "Reject").is_empty());
    }

    // One accepted peer leaves: the first waiting, by arrival, gets its Accept; no one else.
    let leaver = confirmed[0].actor_id.clone().unwrap();
    let first_waiting = waiting
        .iter()
        .min_by_key(|r| r.id)
        .unwrap()
        .actor_id
        .clone()
        .unwrap();
    let leave = simple(
        &peer,
        &name_of(&leaver),
        "Leave",
        json!(event_id_url(&server, &event)),
    );
    post(&peer, &name_of(&leaver), &server, &leave).await;
    server.settle().await;

    let regs = registrations_of(&server, &event);
    assert_eq!(with_status(&regs, RegistrationStatus::Confirmed).len(), 3);
    assert_eq!(with_status(&regs, RegistrationStatus::Waitlisted).len(), 6);
    let promoted = regs
        .iter()
        .find(|r| r.actor_id.as_deref() == Some(first_waiting.as_str()))
        .unwrap();
    assert_eq!(promoted.status, RegistrationStatus::Confirmed);
    let accepts: Vec<Value> = peer
        .received()
        .iter()
        .map(Received::json)
        .filter(|a| a["type"] == "Accept")
        .collect();
    assert_eq!(accepts.len(), 4, "{accepts:#?}");
    let got = of_type(&peer.received_by(&name_of(&first_waiting)), "Accept")
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["object"]["id"], join_of(&first_waiting));
}
