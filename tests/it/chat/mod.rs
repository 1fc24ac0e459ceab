//! Notifications to the association's chat and its slash command, against a stand-in for
//! Mattermost on loopback (`mattermost`).

mod command;
mod digest;
mod fediverse;
mod mattermost;
mod notices;
mod rules;

use chrono::Duration;
use diesel::prelude::*;

use cheminement::db::{now, schema::jobs};
use cheminement::events::{Attendee, Channel, Event, Outcome, agenda};
use cheminement::notifications::{NoticeKind, Rule, RuleInput};

use crate::common::{Backend, Storage, TestServer};
use mattermost::Mattermost;

pub async fn start(backend: Backend, extra: &[(&str, &str)]) -> (Storage, TestServer, Mattermost) {
    let storage = Storage::new(backend);
    let mut settings = vec![("CHEMINEMENT_DEFAULT_LANG", "en")];
    settings.extend_from_slice(extra);
    let server = TestServer::start_with(&storage, &settings).await;
    let chat = Mattermost::start().await;
    (storage, server, chat)
}

/// A rule through the use case the dashboard and the API call.
pub async fn rule(
    server: &TestServer,
    chat: &Mattermost,
    kinds: &[NoticeKind],
    digest_at: &str,
) -> Rule {
    cheminement::app::notifications::create_rule(
        &server.app,
        RuleInput {
            name: "Équipe".into(),
            webhook_url: chat.url.clone(),
            channel: "accueil".into(),
            kinds: kinds.to_vec(),
            digest_at: digest_at.into(),
        },
    )
    .await
    .unwrap()
}

/// The chat's messages waiting to gather are due now; waits until every due job is done.
pub async fn flush(server: &TestServer) {
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(
            jobs::table
                .filter(jobs::kind.eq("chat"))
                .filter(jobs::status.eq("pending")),
        )
        .set(jobs::run_at.eq(now() - Duration::seconds(1)))
        .execute(&mut *conn)
        .unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
}

/// The jobs of a kind, as (status, attempts).
pub fn jobs_of(server: &TestServer, kind: &str) -> Vec<(String, i32)> {
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .filter(jobs::kind.eq(kind))
        .order(jobs::id)
        .select((jobs::status, jobs::attempts))
        .load(&mut *conn)
        .unwrap()
}

/// How many notices wait for the rule's next message.
pub fn waiting(server: &TestServer, rule: &Rule) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    cheminement::notifications::batches::count(&mut conn, rule.id).unwrap()
}

/// An event in three days (or starting now, with `today`), published, taking registrations.
pub fn event(
    server: &TestServer,
    title: &str,
    capacity: Option<i32>,
    approval: bool,
    today: bool,
) -> Event {
    let tz = chrono_tz::Europe::Paris;
    let local_now = now().and_utc().with_timezone(&tz).naive_local();
    // Today's starts later today (before midnight), so that it still takes registrations.
    let start = if today {
        let midnight = local_now.date().and_hms_opt(23, 59, 0).unwrap();
        (local_now + Duration::hours(2))
            .min(midnight)
            .max(local_now + Duration::seconds(30))
    } else {
        local_now + Duration::days(3)
    };
    let input = crate::common::events::event_input(serde_json::json!({
        "title": title,
        "description": "Salle du bas.",
        "starts_at": start.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "ends_at": (start + Duration::hours(2)).format("%Y-%m-%dT%H:%M:%S").to_string(),
        "place_name": "Lieu Respirer",
        "place_address": "12 rue des Lilas, Lyon",
        "category": "MUSIC",
        "capacity": capacity,
        "requires_approval": approval,
    }));
    agenda::create(&mut server.app.db.conn().unwrap(), &input, tz, None).unwrap()
}

/// A web registration through the use case the public form calls.
pub async fn register(server: &TestServer, event_id: i64, name: &str) -> Outcome {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let who = Attendee::web(name, &email, "fr").unwrap();
    cheminement::app::registrations::register(
        &server.app,
        event_id,
        who,
        Channel::Web,
        None,
        String::new(),
    )
    .await
    .unwrap()
}
