//! The web face of events, through the real router, database, job queue and a real SMTP server
//! on loopback: the public agenda and event pages, registering with the form (and the mail
//! with its cancel link), the waiting list, closed registrations and bad input, iCalendar, the
//! organizers' dashboard (approval, capacity, cancelling, check-in, the sheet, the CSV export,
//! messages, weekly series) and the API, with the role checks.

use cheminement::accounts::Role;
use cheminement::events::{Event, Registration, RegistrationStatus, agenda, registrations};
use chrono::{Duration, NaiveDateTime, Utc};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::common::*;

mod agenda_and_ics;
mod holds;
mod organizers;
mod registering;
mod series_and_roles;

// ---------------------------------------------------------------------------------------------
// Helpers

async fn start(backend: Backend, smtp: &SmtpSink) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let url = smtp.url();
    let server = TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", url.as_str())]).await;
    (storage, server)
}

/// A local time in Paris, `days` from now at `hm`, as a form or the API writes it.
fn local_in(days: i64, hm: &str) -> String {
    let date = (Utc::now() + Duration::days(days))
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    format!("{}T{hm}", date.format("%Y-%m-%d"))
}

/// An event for the API. Its web registrations are not held: the tests that use it are about
/// other things, and held registrations (the default) have their own tests below.
fn event_json(title: &str, capacity: Option<i32>) -> Value {
    let mut body = held_event_json(title, capacity);
    body["hold_registrations"] = json!(false);
    body
}

/// An event for the API as an organizer makes it by default: web registrations are held until
/// confirmed from the mail.
fn held_event_json(title: &str, capacity: Option<i32>) -> Value {
    json!({
        "title": title,
        "description": "Salle du bas. **Entrée libre.**",
        "starts_at": local_in(3, "20:30"),
        "ends_at": local_in(3, "22:30"),
        "place_name": "Lieu Respirer",
        "place_address": "12 rue des Lilas, Lyon",
        "category": "Musique",
        "capacity": capacity,
    })
}

/// Creates an event through the API; returns its JSON.
async fn api_event(server: &TestServer, token: &str, body: Value) -> Value {
    let answer = reqwest::Client::new()
        .post(server.url("/api/v1/events"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED, "the event is created");
    answer.json().await.unwrap()
}

async fn organizer_token(server: &TestServer) -> String {
    server.token_for("karim@example.org", Role::Organizer)
}

fn event_by_slug(server: &TestServer, slug: &str) -> Event {
    agenda::find_by_slug(&mut server.app.db.conn().unwrap(), slug).unwrap()
}

fn regs(server: &TestServer, event_id: i64) -> Vec<Registration> {
    registrations::list(&mut server.app.db.conn().unwrap(), event_id).unwrap()
}

fn status_of(server: &TestServer, event_id: i64, email: &str) -> RegistrationStatus {
    regs(server, event_id)
        .into_iter()
        .find(|r| r.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("{email} is registered"))
        .status
}

/// A visitor's browser, in English.
fn visitor() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(
            [(header::ACCEPT_LANGUAGE, "en".parse().unwrap())]
                .into_iter()
                .collect(),
        )
        .build()
        .unwrap()
}

/// Fills in and sends the registration form of an event page; returns the answer's status and
/// page.
async fn register(
    client: &reqwest::Client,
    server: &TestServer,
    slug: &str,
    name: &str,
    email: &str,
    message: &str,
) -> (StatusCode, String) {
    let page = client
        .get(server.url(&format!("/events/{slug}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = csrf_in(&page.text().await.unwrap());
    let answer = client
        .post(server.url(&format!("/events/{slug}/register")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", name),
            ("email", email),
            ("message", message),
        ])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn get_text(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let answer = client.get(url).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn submit(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    client
        .post(server.url(path))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Waits for a mail to `to` whose text contains `needle`; returns its text.
async fn mail_to(smtp: &SmtpSink, to: &str, needle: &str) -> String {
    for _ in 0..200 {
        if let Some(text) = smtp
            .mails()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .map(|m| crate::common::mail::read(&m.data).text)
            .find(|t| t.contains(needle))
        {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let seen: Vec<String> = smtp
        .mails()
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .map(|m| crate::common::mail::read(&m.data).text)
        .collect();
    panic!("no mail to {to} containing {needle:?}; got {seen:#?}");
}

fn mails_to(smtp: &SmtpSink, to: &str) -> usize {
    smtp.mails()
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .count()
}

/// The cancel link in a mail's text.
fn cancel_link(server: &TestServer, text: &str) -> String {
    // A held place's mail has its confirm link first: look for the cancel link itself.
    let at = text
        .find("/cancel?token=")
        .unwrap_or_else(|| panic!("the mail holds the cancel link: {text}"));
    let start = text[..at]
        .rfind(&server.url("/registrations/"))
        .expect("the link starts with the site's address");
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// The text inside the element whose id is `id` (up to its first child tag).
fn text_of_id<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("an element with id {id} in {html}"));
    let open = html[at..].find('>').unwrap() + at + 1;
    let close = html[open..].find('<').unwrap() + open;
    &html[open..close]
}

/// Cancels through the link from the mail: the page with the button, then the button.
async fn cancel_through(client: &reqwest::Client, link: &str) -> (StatusCode, String) {
    let (status, page) = get_text(client, link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"confirm\""), "{page}");
    let csrf = csrf_in(&page);
    let (path, token) = link.split_once("?token=").unwrap();
    let answer = client
        .post(path)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

fn count_jobs(server: &TestServer, kind: &str) -> i64 {
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    jobs::table
        .filter(jobs::kind.eq(kind))
        .count()
        .get_result(&mut *server.app.db.conn().unwrap())
        .unwrap()
}
