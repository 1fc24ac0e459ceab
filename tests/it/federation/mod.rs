//! Federation through the real router: WebFinger, NodeInfo and the actor document; the inbox
//! (Follow, Undo, Delete, replays, unknown activities, refusals of bad input); deliveries of
//! posts to followers; blocks; and the refusal to deliver to private addresses.
//!
//! The other side is the "fake peer" of `common::peer`: a small axum server on loopback that
//! serves actor documents with their keys, signs what it sends as activitypub_federation does,
//! and keeps every POST it receives so that the test can check what the server delivered (and
//! verify its signature with the server's public key).

use std::time::Duration;

use activitypub_federation::http_signatures::generate_actor_keypair;
use axum::http::{StatusCode, header};
use base64::Engine;
use cheminement::{
    accounts::Role,
    db::schema::{followers, jobs, received_activities, remote_actors},
};
use diesel::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

use crate::common::{peer::*, *};

mod bad_input_and_delivery;
mod blocks;
mod discovery_and_follow;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn actor_url(server: &TestServer) -> String {
    server.app.actor.id.to_string()
}

fn inbox_url(server: &TestServer) -> String {
    server.app.actor.inbox.to_string()
}

fn follow_of(peer: &Peer, name: &str, server: &TestServer) -> Value {
    json!({
        "@context": AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": peer.actor_id(name),
        "object": actor_url(server),
    })
}

fn count_received_activities(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    received_activities::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// Deliveries queued: one job per inbox (the `publish` effect that made them is not one).
fn count_deliveries(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .filter(jobs::kind.eq(cheminement::federation::delivery::JOB_KIND))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

fn follower_ids(server: &TestServer) -> Vec<String> {
    let mut conn = server.app.db.conn().unwrap();
    let mut ids: Vec<String> = followers::table
        .select(followers::actor_id)
        .load(&mut *conn)
        .unwrap();
    ids.sort();
    ids
}

fn count_remote_actors(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    remote_actors::table.count().get_result(&mut *conn).unwrap()
}

/// Every job, as (kind, status, attempts, last_error, payload).
fn all_jobs(server: &TestServer) -> Vec<(String, String, i32, Option<String>, String)> {
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .order(jobs::id.asc())
        .select((
            jobs::kind,
            jobs::status,
            jobs::attempts,
            jobs::last_error,
            jobs::payload,
        ))
        .load(&mut *conn)
        .unwrap()
}

/// Follows the server from the peer's actor NAME and waits for the Accept to be delivered.
async fn follow_and_settle(peer: &Peer, name: &str, server: &TestServer) -> Value {
    let follow = follow_of(peer, name, server);
    let answer = peer.post_signed(name, &inbox_url(server), &follow).await;
    assert_eq!(
        answer.status(),
        StatusCode::ACCEPTED,
        "{}",
        answer.text().await.unwrap()
    );
    server.settle().await;
    follow
}

fn webfinger_url(server: &TestServer, resource: &str) -> Url {
    let mut url = Url::parse(&server.url("/.well-known/webfinger")).unwrap();
    url.query_pairs_mut().append_pair("resource", resource);
    url
}

fn api(server: &TestServer, token: &str) -> (reqwest::Client, String, String) {
    (
        reqwest::Client::new(),
        server.base.clone(),
        format!("Bearer {token}"),
    )
}

async fn api_followers(server: &TestServer, token: &str) -> Value {
    let (client, base, auth) = api(server, token);
    let answer = client
        .get(format!("{base}/api/v1/followers"))
        .header(header::AUTHORIZATION, auth)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}
