//! Fan-out of one news post to 1,000 followers behind 200 shared inboxes, every signature
//! verified by the receiving peer; then the same with the server killed (SIGKILL) half-way and
//! restarted: every inbox must still get the post.
//!
//! Run by hand: `cargo build --release && cargo bench --bench fanout`. Prints figures.

#[path = "support/peer.rs"]
mod peer;
#[path = "support/server.rs"]
mod server;

use std::time::{Duration, Instant};

const FOLLOWERS: u32 = 1000;
const INBOXES: u32 = 200;

#[tokio::main]
async fn main() {
    cheminement::install_crypto_provider();
    let peer = peer::Peer::start().await;
    let mut server = server::ServerProcess::prepare();
    let token = server.token();

    // 1,000 followers, five per shared inbox, written straight into the database.
    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    db.migrate().unwrap();
    {
        let mut conn = db.conn().unwrap();
        for i in 0..FOLLOWERS {
            let actor = format!("{}/users/{i}", peer.base);
            let shared = peer.inbox_url(i % INBOXES);
            cheminement::audience::followers::upsert(
                &mut conn,
                &actor,
                &format!("{actor}/inbox"),
                Some(&shared),
                &format!("{actor}#follow"),
            )
            .unwrap();
        }
    }

    let started = server.start().await;
    println!("server started in {started:?}");
    let client = reqwest::Client::new();

    // Run 1: publish, wait until the 200 inboxes have verified their delivery.
    let t0 = Instant::now();
    publish(&client, &server, &token, "Concert : trio de jazz manouche").await;
    let took = wait_until(
        || peer.inboxes_reached() as u32 >= INBOXES,
        Duration::from_secs(60),
    )
    .await;
    println!(
        "fan-out: {} deliveries to {} shared inboxes verified in {:?} (from the API call: {:?}); refused: {}",
        peer.deliveries(),
        peer.inboxes_reached(),
        took,
        t0.elapsed(),
        peer.state
            .refused
            .load(std::sync::atomic::Ordering::Relaxed)
    );

    // Run 2: publish again, SIGKILL the server once about half the inboxes have it, restart.
    peer.state.received.lock().unwrap().clear();
    publish(&client, &server, &token, "Yoga du mardi").await;
    wait_until(
        || peer.inboxes_reached() as u32 >= INBOXES / 2,
        Duration::from_secs(60),
    )
    .await;
    server.kill();
    let at_kill = peer.inboxes_reached();
    {
        let mut conn = db.conn().unwrap();
        println!(
            "jobs when killed: {:?}",
            cheminement::jobs::counts(&mut conn).unwrap()
        );
    }
    let t1 = Instant::now();
    server.start().await;
    let took = wait_until(
        || peer.inboxes_reached() as u32 >= INBOXES,
        Duration::from_secs(180),
    )
    .await;
    println!(
        "killed after {at_kill}/{INBOXES} inboxes; after restart all {} inboxes reached in {took:?} (restart included: {:?}); deliveries {} (more than {INBOXES} means some inbox got it twice: in flight when killed)",
        peer.inboxes_reached(),
        t1.elapsed(),
        peer.deliveries()
    );
}

async fn publish(
    client: &reqwest::Client,
    server: &server::ServerProcess,
    token: &str,
    title: &str,
) {
    let answer = client
        .post(format!("{}/api/v1/posts", server.base()))
        .bearer_auth(token)
        .json(&serde_json::json!({"title": title, "body": "Samedi **20h30**, 19 places.", "publish": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201);
}

async fn wait_until(done: impl Fn() -> bool, limit: Duration) -> Duration {
    let t0 = Instant::now();
    while !done() {
        assert!(t0.elapsed() < limit, "not done within {limit:?}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    t0.elapsed()
}
