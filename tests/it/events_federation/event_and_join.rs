//! The Event and its poll, to followers; Mobilizon: Join, Leave, Undo{Join}.

use super::*;

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
