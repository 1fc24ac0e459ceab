//! A newsletter campaign to 10,000 confirmed subscribers through a real SMTP server on
//! loopback (in this process, mailin), with the server as a separate release process and the
//! rate setting at 0 (no limit).
//!
//! 1. The time from "send" (the API call) to the last mail received, and to the campaign
//!    marked sent. Target: under 60 s.
//! 2. The same on fresh storage, killed with SIGKILL when the sink has about 5,000 mails,
//!    started again and waited to the end: how many subscribers got 0, 1 or 2 mails (target:
//!    every one exactly one), and how many rows ended `unknown` (only a mail whose answer to
//!    its final dot was lost; rows left `sending` by the kill never had their dot written and
//!    go again by themselves after the 30 s job lock). Then the report page's "send again to
//!    the unknown ones", pressed through the API, and the count again.
//!
//! Run by hand: `CARGO_TARGET_DIR=target-bench cargo build --release && CARGO_TARGET_DIR=target-bench
//! CHEMINEMENT_BIN=target-bench/release/cheminement cargo bench --bench campaign_send`; add
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` for PostgreSQL. Prints figures.

#[path = "support/server.rs"]
mod server;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use diesel::prelude::*;

const SUBSCRIBERS: usize = 10_000;

/// The sink: every address it received a mail for, and how many times.
#[derive(Clone, Default)]
struct Sink {
    counts: Arc<Mutex<HashMap<String, u32>>>,
    total: Arc<std::sync::atomic::AtomicUsize>,
}

#[derive(Clone)]
struct SinkHandler {
    sink: Sink,
    to: Vec<String>,
}

impl mailin_embedded::Handler for SinkHandler {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.to = to.to_vec();
        mailin_embedded::response::OK
    }

    fn data(&mut self, _buf: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let mut counts = self.sink.counts.lock().unwrap();
        for to in self.to.drain(..) {
            *counts.entry(to).or_insert(0) += 1;
            self.sink
                .total
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        mailin_embedded::response::OK
    }
}

impl Sink {
    fn start() -> (Sink, u16) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let sink = Sink::default();
        let mut server = mailin_embedded::Server::new(SinkHandler {
            sink: sink.clone(),
            to: Vec::new(),
        });
        server
            .with_name("sink.bench")
            .with_num_threads(32)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        (sink, port)
    }

    fn total(&self) -> usize {
        self.total.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn reset(&self) {
        self.counts.lock().unwrap().clear();
        self.total.store(0, std::sync::atomic::Ordering::SeqCst);
    }
}

fn main() {
    let (sink, port) = Sink::start();
    // The server process inherits these (ServerProcess sets only its own variables).
    // SAFETY: set before any other thread of this program reads the environment.
    unsafe {
        std::env::set_var("CHEMINEMENT_SMTP_URL", format!("smtp://127.0.0.1:{port}"));
        std::env::set_var("CHEMINEMENT_NEWSLETTER_RATE", "0");
        if std::env::var("CHEMINEMENT_NEWSLETTER_BATCH").is_err() {
            std::env::set_var("CHEMINEMENT_NEWSLETTER_BATCH", "100");
        }
    }
    let backend = if std::env::var("BENCH_DATABASE_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "campaign_send on {backend}: {SUBSCRIBERS} subscribers, batch {}, no rate limit",
        std::env::var("CHEMINEMENT_NEWSLETTER_BATCH").unwrap()
    );
    tokio::runtime::Runtime::new().unwrap().block_on(run(sink));
}

async fn run(sink: Sink) {
    cheminement::install_crypto_provider();

    // 1. The whole campaign, timed.
    let mut server = server::ServerProcess::prepare();
    let db = seed(&server);
    let token = server.token();
    server.start().await;
    let id = campaign(&server, &token).await;
    let t0 = Instant::now();
    let recipients = send(&server, &token, id).await;
    assert_eq!(recipients, SUBSCRIBERS, "every subscriber is a recipient");
    wait_for(|| sink.total() >= SUBSCRIBERS, Duration::from_secs(300)).await;
    let all_received = t0.elapsed();
    wait_for(|| status(&db, id) == "sent", Duration::from_secs(300)).await;
    let marked_sent = t0.elapsed();
    println!(
        "send → {} mails received in {:.1} s ({:.0} mails/s); campaign marked sent after {:.1} s",
        sink.total(),
        all_received.as_secs_f64(),
        SUBSCRIBERS as f64 / all_received.as_secs_f64(),
        marked_sent.as_secs_f64()
    );
    report(&sink, &db, id);
    server.kill();
    drop(server);

    // 2. Killed half-way, started again.
    sink.reset();
    let mut server = server::ServerProcess::prepare();
    let db = seed(&server);
    let token = server.token();
    server.start().await;
    let id = campaign(&server, &token).await;
    let t0 = Instant::now();
    send(&server, &token, id).await;
    wait_for(|| sink.total() >= SUBSCRIBERS / 2, Duration::from_secs(300)).await;
    server.kill();
    let at_kill = sink.total();
    let statuses = by_status(&db, id);
    println!(
        "SIGKILL after {:.1} s with {at_kill} mails at the sink; rows then: {statuses:?}",
        t0.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let t1 = Instant::now();
    server.start().await;
    wait_for(|| status(&db, id) == "sent", Duration::from_secs(300)).await;
    println!(
        "restarted: campaign marked sent {:.1} s later (rows left `sending` by the kill wait for the 30 s job lock, then go again)",
        t1.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    report(&sink, &db, id);

    // The report page's button, pressed: send again to the `unknown` ones.
    let resent: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/campaigns/{id}/resend-unknown",
            server.base()
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    wait_for(|| status(&db, id) == "sent", Duration::from_secs(300)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!(
        "after \"send again to the unknown ones\" ({} queued):",
        resent["queued"]
    );
    report(&sink, &db, id);
    server.kill();
}

/// 10,000 contacts, each confirmed on the public list, written straight into the database.
fn seed(server: &server::ServerProcess) -> cheminement::db::Db {
    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    db.migrate().unwrap();
    let mut conn = db.conn().unwrap();
    let at = "'2026-11-01 10:00:00'";
    for chunk in (0..SUBSCRIBERS).collect::<Vec<_>>().chunks(1000) {
        let values: Vec<String> = chunk
            .iter()
            .map(|i| {
                format!(
                    "('Abonnée', 'Numéro {i}', 'abonnee{i}@example.org', 'abonnee{i}@example.org', '', '', '', '', '', '', 'abonnee numero {i}', 'fr', 'import', {at}, {at}, {at})"
                )
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO contacts (first_name, last_name, email, email_key, phone, address, postal_code, city, country, notes, name_key, lang, source, last_activity_at, created_at, updated_at) VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *conn)
        .unwrap();
    }
    diesel::sql_query(
        "INSERT INTO subscriptions (list_id, contact_id, status, unsubscribe_token, source, created_at, confirmed_at) \
         SELECT (SELECT id FROM newsletter_lists WHERE slug = 'newsletter'), id, 'confirmed', 'bench-token-' || id, 'import', created_at, created_at FROM contacts",
    )
    .execute(&mut *conn)
    .unwrap();
    db
}

async fn campaign(server: &server::ServerProcess, token: &str) -> i64 {
    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    let list: i64 = {
        use cheminement::db::schema::newsletter_lists;
        newsletter_lists::table
            .filter(newsletter_lists::slug.eq("newsletter"))
            .select(newsletter_lists::id)
            .first(&mut *db.conn().unwrap())
            .unwrap()
    };
    let created: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v1/campaigns", server.base()))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "subject": "Programme de décembre",
            "body": "Bonjour,\n\nCe mois-ci au lieu : **concerts**, ateliers et yoga.\n\n- samedi : trio de jazz\n- dimanche : atelier vélo\n\nÀ bientôt !",
            "lists": [list],
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    created["id"].as_i64().expect("the campaign is created")
}

async fn send(server: &server::ServerProcess, token: &str, id: i64) -> usize {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v1/campaigns/{id}/send", server.base()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["recipients"].as_u64().expect("sending starts") as usize
}

fn status(db: &cheminement::db::Db, id: i64) -> String {
    use cheminement::db::schema::campaigns;
    campaigns::table
        .find(id)
        .select(campaigns::status)
        .first(&mut *db.conn().unwrap())
        .unwrap()
}

fn by_status(db: &cheminement::db::Db, id: i64) -> Vec<(String, i64)> {
    use cheminement::db::schema::campaign_recipients as r;
    r::table
        .filter(r::campaign_id.eq(id))
        .group_by(r::status)
        .select((r::status, diesel::dsl::count_star()))
        .load(&mut *db.conn().unwrap())
        .unwrap()
}

/// Mails per subscriber at the sink, and the rows' statuses.
fn report(sink: &Sink, db: &cheminement::db::Db, id: i64) {
    let counts = sink.counts.lock().unwrap().clone();
    let mut histogram: HashMap<u32, usize> = HashMap::new();
    for i in 0..SUBSCRIBERS {
        let n = counts
            .get(&format!("abonnee{i}@example.org"))
            .copied()
            .unwrap_or(0);
        *histogram.entry(n.min(2)).or_insert(0) += 1;
    }
    let statuses = by_status(db, id);
    println!(
        "subscribers who got 0 mails: {}, exactly 1: {}, 2 or more: {}; rows: {statuses:?}",
        histogram.get(&0).unwrap_or(&0),
        histogram.get(&1).unwrap_or(&0),
        histogram.get(&2).unwrap_or(&0),
    );
}

async fn wait_for(mut done: impl FnMut() -> bool, limit: Duration) {
    let t0 = Instant::now();
    while !done() {
        assert!(t0.elapsed() < limit, "not done within {limit:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
