//! Every kind of notice reaches the chat, grouped per rule and minute, through the durable
//! jobs: a chat that fails or hangs gets it later, and never holds up the change.

use std::time::{Duration, Instant};

use cheminement::accounts::Role;
use cheminement::db::TextEnum;
use cheminement::notifications::NoticeKind;

use super::mattermost::Answer;
use super::{event, flush, jobs_of, register, rule, start, waiting};
use crate::common::campaigns::{api_campaign, api_send, make_list, subscriber, wait_sent};
use crate::common::members::{free_category, new_contact, new_membership};
use crate::common::{Backend, SmtpSink};

both_backends!(async every_kind_of_notice_reaches_the_chat_in_one_message_with_its_words);
async fn every_kind_of_notice_reaches_the_chat_in_one_message_with_its_words(backend: Backend) {
    let smtp = SmtpSink::start(&["bounce@example.org"]);
    let smtp_url = smtp.url();
    let (_storage, server, chat) =
        start(backend, &[("CHEMINEMENT_SMTP_URL", smtp_url.as_str())]).await;
    let everything = rule(&server, &chat, NoticeKind::ALL, "").await;

    // Registrations: two seats, then the waiting list; a cancellation promotes the first waiting.
    let concert = event(&server, "Concert du soir", Some(2), false, false);
    register(&server, concert.id, "Alice Martin").await;
    register(&server, concert.id, "Bruno Petit").await;
    register(&server, concert.id, "Chloé Durand").await;
    let alice = {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::events::registrations::list(&mut conn, concert.id)
            .unwrap()
            .into_iter()
            .find(|r| r.name == "Alice Martin")
            .unwrap()
    };
    cheminement::app::registrations::cancel(&server.app, alice.id)
        .await
        .unwrap();
    let atelier = event(&server, "Atelier vélo", None, true, false);
    register(&server, atelier.id, "Dana Roux").await;
    // A new member, then a renewal.
    let eve = new_contact(&server, "Ève", "Lambert", "eve@example.org");
    let free = free_category(&server);
    let today = crate::common::members::today_paris();
    new_membership(
        &server,
        eve.id,
        &free,
        500,
        today - chrono::Duration::days(400),
        vec![],
    );
    new_membership(&server, eve.id, &free, 500, today, vec![]);
    // A newsletter: one delivered, one bounced.
    let list = make_list(&server, "infos", "private");
    subscriber(&server, list, "lu@example.org");
    subscriber(&server, list, "bounce@example.org");
    let token = server.token_for("edith@example.org", Role::Admin);
    let campaign = api_campaign(&server, &token, "Lettre de décembre", &[list]).await;
    let campaign_id = campaign["id"].as_i64().unwrap();
    api_send(&server, &token, campaign_id).await;
    wait_sent(&server, campaign_id, 20).await;
    // The fediverse: a follower, and a reply.
    cheminement::app::audience::accept_follower(
        &server.app,
        "https://mastodon.example/users/camille".into(),
        "http://127.0.0.1:9/users/camille/inbox".into(),
        None,
        "https://mastodon.example/follows/1".into(),
    )
    .await
    .unwrap();
    cheminement::app::audience::mentioned(
        &server.app,
        "https://mastodon.example/users/camille".into(),
        "https://mastodon.example/@camille/42".into(),
        "Merci pour le concert !".into(),
    )
    .await
    .unwrap();
    // A job that fails for good (no code runs this kind): the workers' hook tells the chat.
    {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::jobs::enqueue(&mut conn, "obsolete-kind", &serde_json::json!({}), 3).unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;

    // Nothing went yet: the rule's message gathers for a minute, in one job.
    assert_eq!(chat.tried(), 0, "nothing is posted before the minute is up");
    let chat_jobs = jobs_of(&server, "chat");
    assert_eq!(
        chat_jobs.len(),
        1,
        "one message waits for the rule: {chat_jobs:?}"
    );
    flush(&server).await;

    let messages = chat.wait_for(1).await;
    assert_eq!(
        messages.len(),
        1,
        "one message for everything: {messages:?}"
    );
    let m = &messages[0];
    assert_eq!(m["username"], "Lieu Respirer");
    assert_eq!(m["channel"], "accueil");
    assert!(
        m["icon_url"]
            .as_str()
            .unwrap()
            .ends_with("/static/logo.svg")
    );
    let text = m["text"].as_str().unwrap();
    for expected in [
        "Alice Martin registered for [Concert du soir](",
        "Bruno Petit registered for [Concert du soir](",
        "(2/2)",
        "[Concert du soir](http://localhost:",
        "is full: 2 places taken",
        "Chloé Durand is on the waiting list of [Concert du soir]",
        "(position 1)",
        "Alice Martin cancelled for [Concert du soir]",
        "Chloé Durand got a seat for [Concert du soir]",
        "Dana Roux asks to register for [Atelier vélo]",
        "New member: Ève Lambert",
        "Renewal: Ève Lambert",
        "Newsletter “Lettre de décembre” sent: 1 delivered, 0 failed, 1 bounced",
        "New fediverse follower: https://mastodon.example/users/camille",
        "wrote to the association: “Merci pour le concert !” https://mastodon.example/@camille/42",
        "A background task failed for good: obsolete-kind",
        "**3 × New registration**",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is missing from:\n{text}"
        );
    }
    assert_eq!(
        waiting(&server, &everything),
        0,
        "what was posted is forgotten"
    );
}

both_backends!(async a_rule_hears_only_its_kinds_and_no_rule_means_no_job);
async fn a_rule_hears_only_its_kinds_and_no_rule_means_no_job(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let yoga = event(&server, "Yoga", Some(10), false, false);
    register(&server, yoga.id, "Sans Règle").await;
    assert!(jobs_of(&server, "chat").is_empty(), "no rule: no chat job");
    {
        let mut conn = server.app.db.conn().unwrap();
        use diesel::prelude::*;
        let kept: i64 = cheminement::db::schema::chat_batches::table
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(kept, 0, "no rule: nothing kept");
    }
    rule(&server, &chat, &[NoticeKind::Cancellation], "").await;
    register(&server, yoga.id, "Inscrite Seulement").await;
    assert!(
        jobs_of(&server, "chat").is_empty(),
        "a registration is not a cancellation"
    );
}

both_backends!(async a_burst_of_200_registrations_is_one_message_with_the_count);
async fn a_burst_of_200_registrations_is_one_message_with_the_count(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let r = rule(&server, &chat, &[NoticeKind::Registration], "").await;
    let fete = event(&server, "Fête de quartier", None, false, false);
    for i in 0..200 {
        register(&server, fete.id, &format!("Voisin {i}")).await;
    }
    assert_eq!(
        jobs_of(&server, "chat").len(),
        1,
        "one waiting message for the burst"
    );
    assert_eq!(waiting(&server, &r), 200);
    flush(&server).await;
    let messages = chat.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(chat.accepted().len(), 1, "200 registrations, one message");
    let text = messages[0]["text"].as_str().unwrap();
    assert!(text.starts_with("**200 × New registration**"), "{text}");
    assert!(text.contains("Voisin 0 registered"), "{text}");
    assert!(text.contains("… and 190 more."), "{text}");
    assert_eq!(
        text.lines().count(),
        12,
        "a title, ten names and the rest counted:\n{text}"
    );
    assert_eq!(waiting(&server, &r), 0);
}

both_backends!(async a_chat_that_hangs_then_fails_gets_everything_later_and_holds_nothing_up);
async fn a_chat_that_hangs_then_fails_gets_everything_later_and_holds_nothing_up(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let r = rule(&server, &chat, &[NoticeKind::Registration], "").await;
    let yoga = event(&server, "Yoga", Some(20), false, false);
    chat.script(&[Answer::Hang, Answer::Status(500)]);

    register(&server, yoga.id, "Première").await;
    flush(&server).await;
    // Hung: the worker gave up after the webhook's timeout; the notice is kept.
    assert_eq!(chat.tried(), 1);
    assert_eq!(jobs_of(&server, "chat"), vec![("pending".to_string(), 1)]);
    assert_eq!(waiting(&server, &r), 1);

    // While the chat is down, registrations answer at once.
    let started = Instant::now();
    register(&server, yoga.id, "Deuxième").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the registration did not wait"
    );
    assert_eq!(
        jobs_of(&server, "chat").len(),
        1,
        "the retried message takes the newcomer"
    );

    flush(&server).await;
    assert_eq!(chat.tried(), 2, "tried again: 500");
    assert_eq!(jobs_of(&server, "chat"), vec![("pending".to_string(), 2)]);
    assert_eq!(waiting(&server, &r), 2, "nothing lost");

    flush(&server).await;
    let messages = chat.wait_for(1).await;
    let text = messages[0]["text"].as_str().unwrap();
    assert!(
        text.contains("Première registered") && text.contains("Deuxième registered"),
        "{text}"
    );
    assert_eq!(jobs_of(&server, "chat"), vec![("done".to_string(), 3)]);
    assert_eq!(waiting(&server, &r), 0);
}

both_backends!(async while_the_chat_hangs_other_jobs_still_run);
async fn while_the_chat_hangs_other_jobs_still_run(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    rule(&server, &chat, &[NoticeKind::Registration], "").await;
    let yoga = event(&server, "Yoga", Some(20), false, false);
    chat.script(&[Answer::Hang]);
    register(&server, yoga.id, "Patiente").await;
    {
        use diesel::prelude::*;
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(
            cheminement::db::schema::jobs::table
                .filter(cheminement::db::schema::jobs::kind.eq("chat")),
        )
        .set(cheminement::db::schema::jobs::run_at.eq(cheminement::db::now()))
        .execute(&mut *conn)
        .unwrap();
    }
    server.app.jobs.wake();
    for _ in 0..40 {
        if chat.tried() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(chat.tried(), 1, "the chat was called and hangs");
    // Another job, queued now, runs at once (it fails for good: no code runs its kind).
    {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::jobs::enqueue(&mut conn, "obsolete-kind", &serde_json::json!({}), 1).unwrap();
    }
    server.app.jobs.wake();
    let started = Instant::now();
    loop {
        if jobs_of(&server, "obsolete-kind")
            .first()
            .is_some_and(|(s, _)| s == "failed")
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the other job waited for the chat"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        jobs_of(&server, "chat")[0].0,
        "running",
        "the chat still hangs meanwhile"
    );
}
