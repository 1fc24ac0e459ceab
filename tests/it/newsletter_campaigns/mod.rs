//! Newsletter campaigns through the real router, database, job queue and a real SMTP server on
//! loopback: who gets a campaign (confirmed subscribers only, once each, current members for
//! the members' list), the one-click unsubscribe, bounces, a server stopped half-way, a row left
//! `sending` by a crash, scheduled sending, tests that count nothing, the public archive, the
//! dashboard editor and the role checks.

use cheminement::accounts::Role;
use cheminement::db::schema::{campaign_recipient_tries, campaign_recipients, contact_log};
use diesel::prelude::*;
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::common::campaigns::*;
use crate::common::*;

mod dashboard_and_roles;
mod fediverse_and_stop;
mod final_dot;
mod sending;

const PASSWORD: &str = "correct horse battery staple";

async fn start(backend: Backend, smtp: &SmtpSink, extra: &[(&str, &str)]) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let url = smtp.url();
    let mut settings = vec![("CHEMINEMENT_SMTP_URL", url.as_str())];
    settings.extend_from_slice(extra);
    let server = TestServer::start_with(&storage, &settings).await;
    (storage, server)
}

fn editor_token(server: &TestServer) -> String {
    server.token_for("edith@example.org", Role::Editor)
}

fn id_of(campaign: &Value) -> i64 {
    campaign["id"].as_i64().unwrap()
}

async fn counts(server: &TestServer, token: &str, id: i64) -> Value {
    let answer = api(
        server,
        token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    body["counts"].clone()
}

async fn campaign_slug(server: &TestServer, token: &str, id: i64) -> String {
    let answer = api(
        server,
        token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await;
    let body: Value = answer.json().await.unwrap();
    body["slug"].as_str().unwrap().to_string()
}
