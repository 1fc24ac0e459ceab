//! The morning digest: booked at the rule's time in the association's time zone, one message
//! with the day's events, their places left and the registrations since yesterday.

use chrono::Timelike;
use diesel::prelude::*;

use cheminement::db::{now, schema::jobs};
use cheminement::notifications::digest::JOB_KIND;

use super::{event, register, rule, start};
use crate::common::Backend;

fn digest_jobs(server: &crate::common::TestServer) -> Vec<(String, chrono::NaiveDateTime)> {
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .filter(jobs::kind.eq(JOB_KIND))
        .order(jobs::id)
        .select((jobs::status, jobs::run_at))
        .load(&mut *conn)
        .unwrap()
}

both_backends!(async the_morning_digest_tells_the_days_events_and_registrations);
async fn the_morning_digest_tells_the_days_events_and_registrations(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let today = event(&server, "Yoga du jour", Some(12), false, true);
    let later = event(&server, "Concert de la semaine", Some(50), false, false);
    register(&server, today.id, "Inès Morel").await;
    register(&server, today.id, "Jules Blanc").await;
    register(&server, later.id, "Karim Noël").await;
    rule(&server, &chat, &[], "08:00").await;

    // Booked at 08:00 in Paris, the association's zone.
    let booked = digest_jobs(&server);
    assert_eq!(booked.len(), 1, "{booked:?}");
    let local = booked[0]
        .1
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris);
    assert_eq!((local.hour(), local.minute()), (8, 0));
    assert!(booked[0].1 > now());

    // The morning comes.
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(jobs::table.filter(jobs::kind.eq(JOB_KIND)))
            .set(jobs::run_at.eq(now()))
            .execute(&mut *conn)
            .unwrap();
    }
    server.app.jobs.wake();
    let messages = chat.wait_for(1).await;
    let m = &messages[0];
    let text = m["text"].as_str().unwrap();
    assert!(text.starts_with("**Today, "), "{text}");
    assert!(text.contains("[Yoga du jour](http://localhost:"), "{text}");
    assert!(text.contains("10 places left"), "{text}");
    assert!(
        !text.contains("Concert de la semaine"),
        "only today's events: {text}"
    );
    assert!(text.contains("3 registrations since yesterday."), "{text}");
    let attachments = m["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert!(
        attachments[0]["title"]
            .as_str()
            .unwrap()
            .contains("Yoga du jour")
    );
    assert_eq!(attachments[0]["fields"][0]["value"], "2");
    assert_eq!(attachments[0]["fields"][1]["value"], "10 places left");

    // And the next morning is booked.
    server.settle().await;
    let booked = digest_jobs(&server);
    assert_eq!(booked.len(), 2, "{booked:?}");
    assert_eq!(booked[0].0, "done");
    assert_eq!(booked[1].0, "pending");
    assert!(booked[1].1 > now() + chrono::Duration::hours(1));
}

both_backends!(async changing_the_digest_time_books_it_again_and_removing_it_unbooks_it);
async fn changing_the_digest_time_books_it_again_and_removing_it_unbooks_it(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    let r = rule(&server, &chat, &[], "08:00").await;
    let mut input = cheminement::notifications::RuleInput {
        name: r.name.clone(),
        webhook_url: r.webhook_url.clone(),
        channel: String::new(),
        kinds: vec![cheminement::notifications::NoticeKind::Registration],
        digest_at: "07:30".into(),
    };
    cheminement::app::notifications::update_rule(&server.app, r.id, input.clone())
        .await
        .unwrap();
    let booked = digest_jobs(&server);
    assert_eq!(booked.len(), 1, "the old time is unbooked: {booked:?}");
    let local = booked[0]
        .1
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris);
    assert_eq!((local.hour(), local.minute()), (7, 30));
    input.digest_at = String::new();
    cheminement::app::notifications::update_rule(&server.app, r.id, input)
        .await
        .unwrap();
    assert!(digest_jobs(&server).is_empty());
}
