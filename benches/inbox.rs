//! Inbox throughput: signed activities from a peer, posted 64 at a time to the shared inbox,
//! each verified (Digest, HTTP signature against the peer's key) and stored.
//!
//! Run by hand: `cargo build --release && cargo bench --bench inbox`. Prints figures.

#[path = "support/peer.rs"]
mod peer;
#[path = "support/server.rs"]
mod server;

use std::time::Instant;

use futures::StreamExt;

const ACTIVITIES: usize = 10_000;
const CONCURRENCY: usize = 64;

#[tokio::main]
async fn main() {
    cheminement::install_crypto_provider();
    let peer = peer::Peer::start().await;
    let mut server = server::ServerProcess::prepare();
    server.start().await;
    let inbox = format!("{}/inbox", server.base());
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).build();

    // Signed beforehand, so that the figure is the server's work, not the sender's.
    let t0 = Instant::now();
    let mut requests = Vec::with_capacity(ACTIVITIES);
    for i in 0..ACTIVITIES {
        let body = serde_json::json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/likes/{i}", peer.base),
            "type": "Like",
            "actor": peer.actor.id,
            "object": format!("{}/news/programme", server.base()),
        })
        .to_string();
        requests.push(peer.signed_post(&client, &inbox, body).await);
    }
    println!("signed {ACTIVITIES} activities in {:?}", t0.elapsed());

    let t0 = Instant::now();
    let statuses: Vec<u16> = futures::stream::iter(requests)
        .map(|request| {
            let client = client.clone();
            async move {
                client
                    .execute(request)
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let took = t0.elapsed();
    let accepted = statuses.iter().filter(|s| **s == 202).count();
    let mut others = std::collections::BTreeMap::<u16, usize>::new();
    for s in statuses.iter().filter(|s| **s != 202) {
        *others.entry(*s).or_default() += 1;
    }
    if !others.is_empty() {
        println!("not accepted, by status (0: no answer): {others:?}");
    }
    println!(
        "inbox: {accepted}/{ACTIVITIES} accepted in {took:?}: {:.0} activities/s ({CONCURRENCY} at a time)",
        accepted as f64 / took.as_secs_f64()
    );

    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    let mut conn = db.conn().unwrap();
    use diesel::prelude::*;
    let stored: i64 = cheminement::db::schema::received_activities::table
        .count()
        .get_result(&mut *conn)
        .unwrap();
    println!("stored: {stored} rows in received_activities");
}
