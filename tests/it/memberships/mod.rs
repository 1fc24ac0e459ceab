//! Members and memberships through the real router, database, job queue and a real SMTP
//! server on loopback: role checks, recording memberships from the dashboard (and their bad
//! amounts), the period rules and their settings, family memberships, the member lists and
//! their counts, categories, renewal reminders that go once, a member's own page, and the API.

use cheminement::accounts::Role;
use cheminement::db::schema;
use cheminement::members::{
    categories::{self},
    history, memberships, reminders,
};
use chrono::{NaiveDate, Timelike};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::members::*;
use crate::common::{Backend, SmtpSink, Storage, TestServer, signed_in};

mod categories_and_reminders;
mod families_and_lists;
mod own_page_and_api;
mod recording;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

async fn start(backend: Backend) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    (storage, server)
}

async fn api(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn log_of(server: &TestServer, contact_id: i64) -> Vec<history::Entry> {
    history::list(&mut server.app.db.conn().unwrap(), contact_id).unwrap()
}
