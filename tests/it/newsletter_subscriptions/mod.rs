//! Newsletter lists and subscriptions through the real router, database, job queue and a real
//! SMTP server on loopback: the public form with double opt-in (the confirmation mail, its link
//! followed once, expired, forged), at most one mail every ten minutes, the honeypot, a
//! malformed address, one-click unsubscribe (RFC 8058) without login or cookie, the consent
//! log, the embeddable form, the archive, the dashboard and the API with their role checks.

use cheminement::accounts::Role;
use cheminement::db::TextEnum;
use cheminement::db::schema::{campaign_lists, contacts, subscriptions};
use cheminement::newsletter::subscriptions::SubscriptionSource;
use diesel::prelude::*;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::common::subscriptions::*;
use crate::common::*;

mod dashboard_and_api;
mod form;
mod opt_in;

const CHECK_MAILBOX: &str = "Check your mailbox";

async fn start(backend: Backend, smtp: &SmtpSink) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let url = smtp.url();
    let server = TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", url.as_str())]).await;
    (storage, server)
}

async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let answer = client.get(url).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// POSTs to a mail link as a person's browser does: a fresh client, no cookie, no token.
async fn post_link(url: &str) -> (StatusCode, String) {
    let answer = reqwest::Client::new()
        .post(url)
        .header(header::ACCEPT_LANGUAGE, "en")
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn get_en(url: &str) -> (StatusCode, String) {
    let answer = reqwest::Client::new()
        .get(url)
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// Subscribes through the form and returns the confirmation link of the mail that arrives.
async fn subscribe_and_get_link(server: &TestServer, smtp: &SmtpSink, email: &str) -> String {
    let before = mails_for(smtp, email).len();
    let (status, page) =
        post_subscribe(server, &[("email", email), ("name", "Camille Dupré")]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(CHECK_MAILBOX), "{page}");
    let mails = wait_mails_for(smtp, email, before + 1).await;
    confirm_link(server, &mails[before].text)
}

fn state_of(page: &str) -> &str {
    let marker = "data-state=\"";
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("a state in {page}"))
        + marker.len();
    let end = page[at..].find('"').unwrap() + at;
    &page[at..end]
}

fn set_expiry(server: &TestServer, id: i64, at: chrono::NaiveDateTime) {
    let mut conn = server.app.db.conn().unwrap();
    diesel::update(subscriptions::table.find(id))
        .set(subscriptions::confirm_expires_at.eq(Some(at)))
        .execute(&mut *conn)
        .unwrap();
}

fn unsubscribe_url(server: &TestServer, token: &str) -> String {
    server.url(&format!("/newsletter/unsubscribe/{token}"))
}
