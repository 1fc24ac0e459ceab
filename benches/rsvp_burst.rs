//! 2,000 registrations arriving at once for an event with 100 places: half as signed Mobilizon
//! `Join`s posted to the inbox (1,000 different fediverse accounts), half as web form posts.
//! Meanwhile a reader hammers the event's public page. Checks afterwards: exactly 100
//! confirmed, 1,900 waiting in the order the database took them, every one answered.
//!
//! Run by hand: `cargo build --release && cargo bench --bench rsvp_burst`; add
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` for PostgreSQL (a database is
//! made for the run and dropped after it). Prints figures.

#[path = "support/peer.rs"]
mod peer;
#[path = "support/server.rs"]
mod server;

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use futures::StreamExt;

const PLACES: i32 = 100;
const JOINS: u32 = 1000;
const WEB: u32 = 1000;

#[tokio::main]
async fn main() {
    cheminement::install_crypto_provider();
    let peer = Arc::new(peer::Peer::start().await);
    let mut server = server::ServerProcess::prepare();
    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    db.migrate().unwrap();
    let token = server.token();
    server.start().await;
    let base = server.base();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();

    // The event, through the API.
    let start = (chrono::Utc::now() + chrono::Duration::days(5))
        .format("%Y-%m-%dT20:30:00")
        .to_string();
    let end = (chrono::Utc::now() + chrono::Duration::days(5))
        .format("%Y-%m-%dT23:00:00")
        .to_string();
    let created: serde_json::Value = client
        .post(format!("{base}/api/v1/events"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "Concert : trio de jazz manouche", "description": "Salle du bas.",
            "starts_at": start, "ends_at": end, "capacity": PLACES, "place_name": "Lieu Respirer"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slug = created["slug"]
        .as_str()
        .expect("the API answers the event's slug")
        .to_string();
    let event_url = format!("{base}/events/{slug}");
    println!("event {event_url}");

    // The reader: as many GETs of the event page as it can, while the burst runs.
    let reading = Arc::new(AtomicBool::new(true));
    let reads = Arc::new(AtomicU64::new(0));
    let readers: Vec<_> = (0..16)
        .map(|_| {
            let (reading, reads, url) = (reading.clone(), reads.clone(), event_url.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                while reading.load(Ordering::Relaxed) {
                    if client
                        .get(&url)
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                    {
                        reads.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    // The web form needs the browser's CSRF token, once.
    let page = client
        .get(&event_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let at = page.find(marker).expect("the event page has a form") + marker.len();
    let csrf = page[at..at + page[at..].find('"').unwrap()].to_string();

    let t0 = Instant::now();
    let inbox = format!("{base}/inbox");
    let joins = futures::stream::iter(0..JOINS)
        .map(|n| {
            let (peer, inbox, event_url) = (peer.clone(), inbox.clone(), event_url.clone());
            async move {
                let actor = peer.user(n);
                peer.send_as(
                    &actor,
                    &peer::Outgoing::new("Join", &actor, &event_url),
                    &inbox,
                )
                .await
            }
        })
        .buffer_unordered(64)
        .collect::<Vec<bool>>();
    let forms = futures::stream::iter(0..WEB)
        .map(|n| {
            let (client, url, csrf) = (
                client.clone(),
                format!("{event_url}/register"),
                csrf.clone(),
            );
            async move {
                let form = [
                    ("csrf", csrf.as_str()),
                    ("name", &format!("Voisine {n}")),
                    ("email", &format!("voisine{n}@example.org")),
                    ("message", ""),
                ];
                client
                    .post(url)
                    .form(&form)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
            }
        })
        .buffer_unordered(64)
        .collect::<Vec<bool>>();
    let (joins, forms) = tokio::join!(joins, forms);
    let took = t0.elapsed();
    let reads_during = reads.load(Ordering::Relaxed);
    reading.store(false, Ordering::Relaxed);
    for r in readers {
        let _ = r.await;
    }
    println!(
        "{} Joins accepted by the inbox, {} web registrations answered, in {took:?}; the event page was read {} times meanwhile: {:.0} req/s",
        joins.iter().filter(|ok| **ok).count(),
        forms.iter().filter(|ok| **ok).count(),
        reads_during,
        reads_during as f64 / took.as_secs_f64()
    );

    // What the database says.
    let mut conn = db.conn().unwrap();
    let event = cheminement::events::agenda::find_by_slug(&mut conn, &slug).unwrap();
    let rows = cheminement::events::registrations::list(&mut conn, event.id).unwrap();
    use cheminement::events::RegistrationStatus::{Confirmed, Waitlisted};
    let count = |s| rows.iter().filter(|r| r.status == s).count();
    println!(
        "registrations: {} rows, {} confirmed (counter {}), {} waiting, {} other",
        rows.len(),
        count(Confirmed),
        event.confirmed_count,
        count(Waitlisted),
        rows.len() - count(Confirmed) - count(Waitlisted)
    );
    // Everyone answered: one mail per web registration, one notice job per fediverse one.
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    let answers: Vec<(String, i64)> = jobs::table
        .group_by(jobs::kind)
        .select((jobs::kind, diesel::dsl::count_star()))
        .load(&mut *conn)
        .unwrap();
    println!("answers queued: {answers:?}");
    tokio::time::sleep(Duration::from_millis(10)).await;
}
