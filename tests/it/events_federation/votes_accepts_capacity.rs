//! Mastodon and Misskey: a vote in the poll; Friendica: Accept, TentativeAccept, Reject of the event, and their Undo; The numbers, republished at most once a minute; the poll closed when full; Capacity: ten at once for three places.

use super::*;

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
