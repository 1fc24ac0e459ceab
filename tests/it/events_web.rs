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

// ---------------------------------------------------------------------------------------------
// Registering on the website

both_backends!(async the_web_form_registers_and_the_mail_holds_a_working_cancel_link);
async fn the_web_form_registers_and_the_mail_holds_a_working_cancel_link(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert de jazz", Some(19))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    assert_eq!(created["places_left"], 19);

    let client = visitor();
    let (status, page) = register(
        &client,
        &server,
        &slug,
        "Camille Dupré",
        "camille@example.org",
        "Je viendrai avec une amie",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
    assert!(page.contains("data-outcome=\"confirmed\""), "{page}");
    assert!(page.contains("camille@example.org"));

    let text = mail_to(&smtp, "camille@example.org", "You're in for").await;
    assert!(text.contains("Concert de jazz"), "{text}");
    let link = cancel_link(&server, &text);

    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 1);
    let list = regs(&server, event.id);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Camille Dupré");
    assert_eq!(list[0].message, "Je viendrai avec une amie");
    assert_eq!(list[0].channel, cheminement::events::Channel::Web);
    assert_eq!(list[0].lang, "en");
    // Holds turned off: confirmed at once, as before, with no confirm link to follow.
    assert_eq!(list[0].hold_until, None);
    assert!(!text.contains("/confirm?token="), "{text}");
    assert_eq!(count_jobs(&server, "registration-hold"), 0);
    // The page now says one place fewer.
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert_eq!(text_of_id(&page, "places"), "18 places left");

    // Following the link changes nothing by itself (mail scanners follow links)...
    let stranger = visitor();
    let (status, page) = get_text(&stranger, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Camille Dupré"), "{page}");
    assert_eq!(
        status_of(&server, event.id, "camille@example.org"),
        RegistrationStatus::Confirmed
    );
    // ...the button does, without any login.
    let (status, page) = cancel_through(&stranger, &link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert_eq!(
        status_of(&server, event.id, "camille@example.org"),
        RegistrationStatus::Cancelled
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);
    mail_to(&smtp, "camille@example.org", "is cancelled").await;

    // Twice is harmless: the page says so and nothing moves.
    let (status, page) = get_text(&stranger, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"already\""), "{page}");
    let csrf = csrf_in(
        &get_text(&stranger, &server.url(&format!("/events/{slug}")))
            .await
            .1,
    );
    let (path, token) = link.split_once("?token=").unwrap();
    let again = stranger
        .post(path)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("data-state=\"already\"")
    );
    server.settle().await;
    assert_eq!(mails_to(&smtp, "camille@example.org"), 2, "{backend:?}");
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);
}

both_backends!(async until_full_then_the_page_says_full_and_a_cancellation_promotes_the_first_waiting);
async fn until_full_then_the_page_says_full_and_a_cancellation_promotes_the_first_waiting(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Yoga du mardi", Some(2))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    for (name, email) in [("Ana", "ana@example.org"), ("Bea", "bea@example.org")] {
        let (status, page) = register(&client, &server, &slug, name, email, "").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("data-outcome=\"confirmed\""), "{page}");
    }
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert_eq!(text_of_id(&page, "places"), "Full – waiting list");
    assert!(page.contains("id=\"full-notice\""), "{page}");
    assert!(page.contains("Put me on the waiting list"));
    let (_, agenda) = get_text(&client, &server.url("/events")).await;
    assert!(agenda.contains("Full – waiting list"), "{agenda}");

    let (status, page) = register(&client, &server, &slug, "Chloé", "chloe@example.org", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-outcome=\"waitlisted\""), "{page}");
    // The number is in the mail, not on the page (which says nothing of who is registered).
    assert!(!page.contains("id=\"position\""), "{page}");
    let (_, page) = register(&client, &server, &slug, "Dan", "dan@example.org", "").await;
    assert!(page.contains("data-outcome=\"waitlisted\""), "{page}");
    mail_to(&smtp, "chloe@example.org", "waiting list, number 1").await;
    mail_to(&smtp, "dan@example.org", "waiting list, number 2").await;

    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 2);
    let text = mail_to(&smtp, "ana@example.org", "You're in for").await;
    let link = cancel_link(&server, &text);
    let (status, page) = cancel_through(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK, "{page}");

    assert_eq!(
        status_of(&server, event.id, "chloe@example.org"),
        RegistrationStatus::Confirmed,
        "{backend:?}: the first waiting is confirmed"
    );
    assert_eq!(
        status_of(&server, event.id, "dan@example.org"),
        RegistrationStatus::Waitlisted
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 2);
    mail_to(&smtp, "chloe@example.org", "A place freed up").await;
}

both_backends!(async a_malformed_email_or_an_empty_name_is_refused_with_the_errors_and_nothing_stored);
async fn a_malformed_email_or_an_empty_name_is_refused_with_the_errors_and_nothing_stored(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Atelier", Some(10))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();

    let (status, page) = register(
        &client,
        &server,
        &slug,
        "   ",
        "not-an-address",
        "mon message",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
    assert_eq!(text_of_id(&page, "name-error"), "This field is required.");
    assert!(!text_of_id(&page, "email-error").is_empty(), "{page}");
    // What was typed is still there.
    assert!(page.contains("value=\"not-an-address\""), "{page}");
    assert!(page.contains(">mon message</textarea>"), "{page}");
    assert!(page.contains("aria-invalid=\"true\""));

    let (status, page) = register(&client, &server, &slug, "Jules", "jules@", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Jules\""));

    // Without the CSRF token: refused before anything is read.
    let forged = visitor()
        .post(server.url(&format!("/events/{slug}/register")))
        .form(&[("name", "Jules"), ("email", "jules@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);

    let event = event_by_slug(&server, &slug);
    assert!(regs(&server, event.id).is_empty(), "{backend:?}");
    assert_eq!(event.confirmed_count, 0);
    server.settle().await;
    assert!(smtp.mails().is_empty());
}

/// The `#outcome` part of the page after the form: what a visitor is told.
fn outcome_of(page: &str) -> &str {
    let start = page
        .find("<div id=\"outcome\"")
        .unwrap_or_else(|| panic!("an outcome in {page}"));
    let end = page[start..].find("</div>").unwrap() + start;
    &page[start..end]
}

both_backends!(async an_address_already_registered_gets_the_same_page_as_a_newcomer_and_a_mail_saying_so);
async fn an_address_already_registered_gets_the_same_page_as_a_newcomer_and_a_mail_saying_so(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let client = visitor();

    // Held (the default): the second answer is the page of a new hold.
    let held = api_event(&server, &token, held_event_json("Ciné-club", Some(2))).await;
    let slug = held["slug"].as_str().unwrap().to_string();
    let (_, first) = register(&client, &server, &slug, "Inès", "ines@example.org", "").await;
    let (status, again) = register(
        &client,
        &server,
        &slug,
        "Inès again",
        "  INES@example.org ",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains("data-outcome=\"held\""), "{first}");
    assert_eq!(outcome_of(&again), outcome_of(&first), "{backend:?}");
    assert!(!again.contains("already"), "{again}");
    let event = event_by_slug(&server, &slug);
    assert_eq!(regs(&server, event.id).len(), 1, "{backend:?}: one row");
    assert_eq!(event.confirmed_count, 1);
    // The mail says which it is, with the confirm link again (not confirmed yet) and the
    // cancel link.
    let text = mail_to(&smtp, "ines@example.org", "You were already registered").await;
    assert!(text.contains("a place is held for you"), "{text}");
    assert!(text.contains("/confirm?token="), "{text}");
    assert!(text.contains("/cancel?token="), "{text}");
    server.settle().await;
    assert_eq!(mails_to(&smtp, "ines@example.org"), 2);

    // A newcomer takes the last place; then the event is full, and an address already in
    // gets the page a newcomer now gets: the waiting list's.
    let (_, page) = register(&client, &server, &slug, "Jo", "jo@example.org", "").await;
    assert!(page.contains("data-outcome=\"held\""), "{page}");
    let (_, newcomer) = register(&client, &server, &slug, "Kim", "kim@example.org", "").await;
    let (_, known) = register(&client, &server, &slug, "Inès", "ines@example.org", "").await;
    assert!(
        newcomer.contains("data-outcome=\"held_waitlisted\""),
        "{newcomer}"
    );
    assert_eq!(
        outcome_of(&known).replace("ines@example.org", "kim@example.org"),
        outcome_of(&newcomer)
    );
    mail_to(&smtp, "kim@example.org", "waiting list, number 1").await;
    assert_eq!(
        status_of(&server, event.id, "ines@example.org"),
        RegistrationStatus::Confirmed,
        "nothing changed for her"
    );

    // Holds turned off: the same, with the pages of today.
    let plain = api_event(&server, &token, event_json("Atelier", Some(10))).await;
    let slug = plain["slug"].as_str().unwrap().to_string();
    let (_, first) = register(&client, &server, &slug, "Léo", "leo@example.org", "").await;
    let (_, again) = register(&client, &server, &slug, "Léo", "leo@example.org", "").await;
    assert!(first.contains("data-outcome=\"confirmed\""), "{first}");
    assert_eq!(outcome_of(&again), outcome_of(&first));
    let text = mail_to(&smtp, "leo@example.org", "You were already registered").await;
    assert!(text.contains("your place is confirmed"), "{text}");
    assert!(!text.contains("/confirm?token="), "{text}");
    assert!(text.contains("/cancel?token="), "{text}");
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);
}

both_backends!(async after_the_window_closed_or_for_a_past_or_cancelled_event_registration_is_closed);
async fn after_the_window_closed_or_for_a_past_or_cancelled_event_registration_is_closed(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;

    let mut closed = event_json("Fermé", Some(10));
    closed["registration_closes_at"] = json!(local_in(-1, "12:00"));
    closed["registration_opens_at"] = json!(local_in(-5, "12:00"));
    let closed = api_event(&server, &token, closed).await;

    let mut past = event_json("Passé", Some(10));
    past["starts_at"] = json!(local_in(-3, "20:30"));
    past["ends_at"] = json!(local_in(-3, "22:30"));
    let past = api_event(&server, &token, past).await;

    let mut later = event_json("Plus tard", Some(10));
    later["registration_opens_at"] = json!(local_in(2, "12:00"));
    let later = api_event(&server, &token, later).await;

    let cancelled = api_event(&server, &token, event_json("Annulé", Some(10))).await;
    let answer = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/events/{}/cancel", cancelled["id"])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);

    let client = visitor();
    for (event, words) in [
        (&closed, "Registration is closed."),
        (&past, "This event is over."),
        (&later, "Registration is not open yet."),
        (&cancelled, "This event is cancelled."),
    ] {
        let slug = event["slug"].as_str().unwrap();
        // The page shows why instead of the form...
        let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
        assert!(text_of_id(&page, "closed").contains(words), "{page}");
        assert!(!page.contains("name=\"email\""));
    }
    // A form posted anyway (from a tab left open) is answered the same way. A page
    // without a form makes no token: take one from a page that has a form.
    let open = api_event(&server, &token, event_json("Ouvert", Some(10))).await;
    let csrf = csrf_of(
        &client,
        &server.url(&format!("/events/{}", open["slug"].as_str().unwrap())),
    )
    .await;
    for (event, words) in [
        (&closed, "Registration is closed."),
        (&past, "This event is over."),
        (&later, "Registration is not open yet."),
        (&cancelled, "This event is cancelled."),
    ] {
        let slug = event["slug"].as_str().unwrap();
        let answer = client
            .post(server.url(&format!("/events/{slug}/register")))
            .form(&[
                ("csrf", csrf.as_str()),
                ("name", "Jules"),
                ("email", "jules@example.org"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::CONFLICT, "{backend:?} {slug}");
        let page = answer.text().await.unwrap();
        assert!(page.contains("data-outcome=\"closed\""), "{page}");
        assert!(page.contains(words), "{page}");
        let id = event["id"].as_i64().unwrap();
        assert!(regs(&server, id).is_empty(), "{slug}: nothing stored");
    }
    server.settle().await;
    assert_eq!(mails_to(&smtp, "jules@example.org"), 0);
}

both_backends!(async a_forged_cancel_token_is_refused_and_changes_nothing);
async fn a_forged_cancel_token_is_refused_and_changes_nothing(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(5))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    let event = event_by_slug(&server, &slug);
    let list = regs(&server, event.id);
    let (ana, bea) = (list[0].id, list[1].id);
    let bea_token = server.app.links.cancel_token(bea);

    for bad in [
        format!("/registrations/{ana}/cancel?token=00112233445566778899aabbccddeeff"),
        format!("/registrations/{ana}/cancel?token={bea_token}"),
        format!("/registrations/{ana}/cancel"),
        format!("/registrations/{ana}/cancel?token=%3Cscript%3E"),
    ] {
        let (status, page) = get_text(&client, &server.url(&bad)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?} {bad}");
        assert!(page.contains("data-state=\"invalid\""), "{page}");
        assert!(page.contains("not valid"));
        assert!(!page.contains("Ana"), "a forged link shows nobody's name");
    }
    let csrf = csrf_of(&client, &server.url(&format!("/events/{slug}"))).await;
    for token in ["00112233445566778899aabbccddeeff", bea_token.as_str(), ""] {
        let answer = client
            .post(server.url(&format!("/registrations/{ana}/cancel")))
            .form(&[("csrf", csrf.as_str()), ("token", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        status_of(&server, event.id, "ana@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        status_of(&server, event.id, "bea@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 2);
    // A registration that does not exist, with a token that would be right for it.
    let ghost = 999_999;
    let link = format!(
        "/registrations/{ghost}/cancel?token={}",
        server.app.links.cancel_token(ghost)
    );
    let (status, page) = get_text(&client, &server.url(&link)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("data-state=\"gone\""));
}

// ---------------------------------------------------------------------------------------------
// Held registrations: confirmed from the mail, or released

fn count_jobs(server: &TestServer, kind: &str) -> i64 {
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    jobs::table
        .filter(jobs::kind.eq(kind))
        .count()
        .get_result(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

/// The confirm link in a mail's text.
fn confirm_link(server: &TestServer, text: &str) -> String {
    let at = text
        .find("/confirm?token=")
        .unwrap_or_else(|| panic!("the mail holds the confirm link: {text}"));
    let start = text[..at]
        .rfind(&server.url("/registrations/"))
        .expect("the link starts with the site's address");
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Posts the button of the confirm page (taken from the link's page); returns the answer.
async fn confirm_through(client: &reqwest::Client, link: &str) -> (StatusCode, String) {
    let (_, page) = get_text(client, link).await;
    // A page without the button (confirmed already, released) has no form: take a token from
    // the event's page it links to.
    let csrf = if page.contains("name=\"csrf\"") {
        csrf_in(&page)
    } else {
        let at = page.find("href=\"/events/").expect("a link to the event") + 6;
        let path: String = page[at..].chars().take_while(|c| *c != '"').collect();
        let base = &link[..link.find("/registrations/").unwrap()];
        csrf_of(client, &format!("{base}{path}")).await
    };
    let (path, token) = link.split_once("?token=").unwrap();
    let answer = client
        .post(path)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// Moves a registration's deadline into the past, and its release job to now, as if the
/// delay had gone by; then lets the job run.
async fn let_the_hold_lapse(server: &TestServer, registration_id: i64) {
    use cheminement::db::schema::{jobs, registrations};
    use diesel::prelude::*;
    {
        let mut conn = server.app.db.conn().unwrap();
        let past = cheminement::db::now() - Duration::minutes(1);
        diesel::update(registrations::table.find(registration_id))
            .set(registrations::hold_until.eq(Some(past)))
            .execute(&mut *conn)
            .unwrap();
        let moved = diesel::update(
            jobs::table
                .filter(jobs::kind.eq("registration-hold"))
                .filter(jobs::payload.eq(format!("{{\"registration_id\":{registration_id}}}"))),
        )
        .set(jobs::run_at.eq(past))
        .execute(&mut *conn)
        .unwrap();
        assert_eq!(moved, 1, "one release job per hold");
    }
    server.app.jobs.wake();
    server.settle().await;
}

fn registration_of(server: &TestServer, event_id: i64, email: &str) -> Registration {
    regs(server, event_id)
        .into_iter()
        .find(|r| r.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("{email} is registered"))
}

both_backends!(async a_web_registration_holds_its_place_until_confirmed_from_the_mail);
async fn a_web_registration_holds_its_place_until_confirmed_from_the_mail(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(
        &server,
        &token,
        held_event_json("Concert de jazz", Some(19)),
    )
    .await;
    assert_eq!(created["hold_registrations"], true, "held by default");
    assert_eq!(created["hold_minutes"], 120);
    let slug = created["slug"].as_str().unwrap().to_string();

    let client = visitor();
    let before = cheminement::db::now();
    let (status, page) = register(
        &client,
        &server,
        &slug,
        "Camille",
        "camille@example.org",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
    assert!(page.contains("data-outcome=\"held\""), "{page}");
    assert!(
        page.contains("Your place is held: confirm it from the mail"),
        "{page}"
    );

    // The seat counts at once, so the cap stays exact; the deadline is two hours away.
    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 1);
    let r = registration_of(&server, event.id, "camille@example.org");
    assert_eq!(r.status, RegistrationStatus::Confirmed);
    let until = r.hold_until.expect("held");
    assert!(until >= before + Duration::minutes(119), "{until} {before}");
    assert!(until <= cheminement::db::now() + Duration::minutes(120));
    assert_eq!(count_jobs(&server, "registration-hold"), 1);

    let text = mail_to(&smtp, "camille@example.org", "A place is held for you").await;
    assert!(text.contains("Confirm it before"), "{text}");
    let link = confirm_link(&server, &text);
    let cancel = cancel_link(&server, &text);

    // A forged link shows nobody and changes nothing; so does the cancel token in its place.
    let cancel_token = server.app.links.cancel_token(r.id);
    for bad in [
        format!(
            "/registrations/{}/confirm?token=00112233445566778899aabbccddeeff",
            r.id
        ),
        format!("/registrations/{}/confirm?token={cancel_token}", r.id),
        format!("/registrations/{}/confirm", r.id),
    ] {
        let (status, page) = get_text(&client, &server.url(&bad)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{bad}");
        assert!(page.contains("data-state=\"invalid\""), "{page}");
        assert!(!page.contains("Camille"), "{page}");
    }
    let csrf = csrf_of(&client, &server.url(&format!("/events/{slug}"))).await;
    let forged = client
        .post(server.url(&format!("/registrations/{}/confirm", r.id)))
        .form(&[("csrf", csrf.as_str()), ("token", cancel_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let ghost = 999_999;
    let (status, _) = get_text(
        &client,
        &server.url(&format!(
            "/registrations/{ghost}/confirm?token={}",
            server.app.links.confirm_token(ghost)
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Opening the link changes nothing (mail scanners open links)...
    let (status, page) = get_text(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"confirm\""), "{page}");
    assert!(page.contains("Camille"));
    assert!(registration_of(&server, event.id, "camille@example.org").awaits_confirmation());
    // ...the button confirms.
    let (status, page) = confirm_through(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"done\""), "{page}");
    let r = registration_of(&server, event.id, "camille@example.org");
    assert_eq!(r.hold_until, None, "{backend:?}");
    assert_eq!(r.status, RegistrationStatus::Confirmed);
    // Twice: already confirmed, on the link and on the button.
    let (_, page) = get_text(&visitor(), &link).await;
    assert!(page.contains("data-state=\"already\""), "{page}");
    let (status, page) = confirm_through(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"already\""), "{page}");
    assert!(page.contains("already confirmed"), "{page}");

    // The job, when it comes, leaves a confirmed place alone.
    let_the_hold_lapse_of_confirmed(&server, r.id).await;
    assert_eq!(
        status_of(&server, event.id, "camille@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);

    // The cancel link of the same mail still works.
    let (status, page) = cancel_through(&visitor(), &cancel).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);
    let (_, page) = get_text(&visitor(), &link).await;
    assert!(page.contains("data-state=\"inactive\""), "{page}");
}

/// Runs the release job of a registration now (its hold is gone: confirmed).
async fn let_the_hold_lapse_of_confirmed(server: &TestServer, registration_id: i64) {
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    diesel::update(
        jobs::table
            .filter(jobs::kind.eq("registration-hold"))
            .filter(jobs::payload.eq(format!("{{\"registration_id\":{registration_id}}}"))),
    )
    .set(jobs::run_at.eq(cheminement::db::now() - Duration::minutes(1)))
    .execute(&mut *server.app.db.conn().unwrap())
    .unwrap();
    server.app.jobs.wake();
    server.settle().await;
}

both_backends!(async a_hold_not_confirmed_in_time_is_released_by_the_job_and_the_next_waiting_is_promoted);
async fn a_hold_not_confirmed_in_time_is_released_by_the_job_and_the_next_waiting_is_promoted(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, held_event_json("Yoga du mardi", Some(1))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    let (_, page) = register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    assert!(page.contains("data-outcome=\"held_waitlisted\""), "{page}");
    let (_, page) = register(&client, &server, &slug, "Cyd", "cyd@example.org", "").await;
    assert!(page.contains("data-outcome=\"held_waitlisted\""), "{page}");
    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 1);

    // Bea confirms her place on the waiting list; Ana never confirms hers.
    let text = mail_to(&smtp, "bea@example.org", "waiting list, number 1").await;
    let (status, page) = confirm_through(&visitor(), &confirm_link(&server, &text)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert!(
        page.contains("you keep your place on the waiting list"),
        "{page}"
    );
    let ana_mail = mail_to(&smtp, "ana@example.org", "A place is held for you").await;
    let ana = registration_of(&server, event.id, "ana@example.org");

    let_the_hold_lapse(&server, ana.id).await;

    assert_eq!(
        status_of(&server, event.id, "ana@example.org"),
        RegistrationStatus::Expired,
        "{backend:?}"
    );
    assert_eq!(
        status_of(&server, event.id, "bea@example.org"),
        RegistrationStatus::Confirmed,
        "{backend:?}: the first waiting is promoted"
    );
    assert_eq!(
        status_of(&server, event.id, "cyd@example.org"),
        RegistrationStatus::Waitlisted
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);
    let text = mail_to(&smtp, "bea@example.org", "A place freed up").await;
    assert!(text.contains("you're in for"), "{text}");
    server.settle().await;
    assert_eq!(
        mails_to(&smtp, "ana@example.org"),
        1,
        "no mail to an address that never answered"
    );

    // Ana's link, too late: the page says the place was released, and nothing moves.
    let link = confirm_link(&server, &ana_mail);
    let (status, page) = get_text(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"released\""), "{page}");
    assert!(page.contains("the place was released"), "{page}");
    let (_, page) = confirm_through(&visitor(), &link).await;
    assert!(page.contains("data-state=\"released\""), "{page}");
    assert_eq!(
        status_of(&server, event.id, "ana@example.org"),
        RegistrationStatus::Expired
    );
    // She may register again: at the back of the waiting list.
    let (_, page) = register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    assert!(page.contains("data-outcome=\"held_waitlisted\""), "{page}");
    mail_to(&smtp, "ana@example.org", "waiting list, number 2").await;

    // Cyd is promoted while still unconfirmed: the place is held for what is left of her
    // delay, and she is told to confirm it.
    let bea = registration_of(&server, event.id, "bea@example.org");
    let text = mail_to(&smtp, "bea@example.org", "A place freed up").await;
    cancel_through(&visitor(), &cancel_link(&server, &text)).await;
    let cyd = registration_of(&server, event.id, "cyd@example.org");
    assert_eq!(cyd.status, RegistrationStatus::Confirmed, "{backend:?}");
    assert!(cyd.awaits_confirmation());
    let text = mail_to(
        &smtp,
        "cyd@example.org",
        "A place freed up and is held for you",
    )
    .await;
    assert!(text.contains("/confirm?token="), "{text}");
    assert_eq!(bea.hold_until, None);
}

both_backends!(async a_bad_image_name_is_refused_next_to_the_field_and_nothing_is_saved);
async fn a_bad_image_name_is_refused_next_to_the_field_and_nothing_is_saved(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let png = b"\x89PNG\r\n\x1a\nrest of a picture".to_vec();
    let stored = cheminement::site::media::save(
        &mut server.app.db.conn().unwrap(),
        &server.app.storage,
        "affiche.png",
        &png,
    )
    .unwrap();

    for bad in [
        "../../data/test.sqlite",
        "https://elsewhere.example/affiche.png",
        "affiche\u{0}.png",
        "nope.png",
        "a/b.png",
    ] {
        let mut body = event_json("Affiche", Some(10));
        body["image"] = json!(bad);
        let answer = reqwest::Client::new()
            .post(server.url("/api/v1/events"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend:?} {bad:?}"
        );
        let text = answer.text().await.unwrap();
        assert!(text.contains("\"image\""), "{text}");
    }
    let mut body = event_json("Délai", Some(10));
    body["hold_minutes"] = json!(0);
    let answer = reqwest::Client::new()
        .post(server.url("/api/v1/events"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("hold_minutes"));
    assert!(
        agenda::all(&mut server.app.db.conn().unwrap())
            .unwrap()
            .is_empty(),
        "nothing saved"
    );

    // A stored image is taken.
    let mut body = event_json("Affiche", Some(10));
    body["image"] = json!(stored.stored_name);
    let created = api_event(&server, &token, body).await;
    assert_eq!(created["image"], json!(stored.stored_name));
    let id = created["id"].as_i64().unwrap();

    // The dashboard form: the error next to the field, and the event as it was.
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}"),
        &csrf,
        &[
            ("title", "Affiche"),
            ("starts_at", &local_in(3, "20:30")),
            ("ends_at", &local_in(3, "22:30")),
            ("timezone", "Europe/Paris"),
            ("image", "../../etc/passwd"),
            ("capacity", "10"),
            ("takes_registrations", "on"),
            ("hold_registrations", "on"),
            ("hold_minutes", "soon"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert_eq!(
        text_of_id(&page, "image-error"),
        "Choose an image uploaded to this site&#39;s media.",
        "{page}"
    );
    assert!(
        !text_of_id(&page, "hold_minutes-error").is_empty(),
        "{page}"
    );
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.image.as_deref(), Some(stored.stored_name.as_str()));

    // And the hold settings from the form are saved.
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}"),
        &csrf,
        &[
            ("title", "Affiche"),
            ("starts_at", &local_in(3, "20:30")),
            ("ends_at", &local_in(3, "22:30")),
            ("timezone", "Europe/Paris"),
            ("image", ""),
            ("capacity", "10"),
            ("takes_registrations", "on"),
            ("hold_registrations", "on"),
            ("hold_minutes", "30"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    let hold =
        cheminement::events::holds::settings(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert!(hold.hold_registrations);
    assert_eq!(hold.hold_minutes, 30);
    assert_eq!(event.image, None);
    let (_, page) = get_text(&organizer, &server.url(&format!("/dashboard/events/{id}"))).await;
    assert!(
        page.contains("name=\"hold_minutes\" value=\"30\""),
        "{page}"
    );
}

// ---------------------------------------------------------------------------------------------
// The agenda, iCalendar, ActivityPub

fn parse_ics(text: &str) -> icalendar::Calendar {
    text.parse::<icalendar::Calendar>()
        .unwrap_or_else(|e| panic!("the .ics parses: {e}\n{text}"))
}

both_backends!(async the_agenda_lists_coming_events_and_the_ics_files_read_back);
async fn the_agenda_lists_coming_events_and_the_ics_files_read_back(backend: Backend) {
    use icalendar::{Component, EventLike};
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let concert = api_event(
        &server,
        &token,
        event_json("Concert ; trio, manouche", Some(19)),
    )
    .await;
    let mut yoga = event_json("Yoga", Some(12));
    yoga["category"] = json!("Bien-être");
    yoga["starts_at"] = json!(local_in(5, "19:00"));
    yoga["ends_at"] = json!(local_in(5, "20:30"));
    let yoga = api_event(&server, &token, yoga).await;
    let mut past = event_json("Vernissage passé", None);
    past["starts_at"] = json!(local_in(-10, "18:00"));
    past["ends_at"] = json!(local_in(-10, "21:00"));
    let past = api_event(&server, &token, past).await;
    let mut draft = event_json("Brouillon secret", None);
    draft["published"] = json!(false);
    let draft = api_event(&server, &token, draft).await;

    let client = visitor();
    let (status, page) = get_text(&client, &server.url("/events")).await;
    assert_eq!(status, StatusCode::OK);
    let (c, y) = (
        page.find("Concert ; trio, manouche")
            .expect("the concert is listed"),
        page.find(">Yoga<").expect("yoga is listed"),
    );
    assert!(c < y, "soonest first");
    assert!(!page.contains("Vernissage passé"));
    assert!(!page.contains("Brouillon secret"));
    assert!(
        page.contains("20:30 – 22:30"),
        "local time in the event's zone"
    );
    assert!(page.contains("19 places left"));
    assert!(page.contains("Lieu Respirer, 12 rue des Lilas, Lyon"));
    assert!(
        page.contains("href=\"/events\" aria-current=\"page\""),
        "the menu marks Events"
    );

    let (_, page) = get_text(&client, &server.url("/events?past=1")).await;
    assert!(page.contains("Vernissage passé"));
    assert!(!page.contains("Concert ; trio"));
    let (_, page) = get_text(&client, &server.url("/events?category=Bien-%C3%AAtre")).await;
    assert!(page.contains(">Yoga<"));
    assert!(!page.contains("Concert ; trio"));
    // Unpublished: not found, as HTML and as ActivityPub.
    let (status, _) = get_text(
        &client,
        &server.url(&format!("/events/{}", draft["slug"].as_str().unwrap())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // One event as iCalendar.
    let slug = concert["slug"].as_str().unwrap();
    let answer = client
        .get(server.url(&format!("/events/{slug}.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let text = answer.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("\r\nVERSION:2.0\r\n"));
    assert!(text.contains("\r\nPRODID:"));
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    assert!(
        text.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    let cal = parse_ics(&text);
    let events: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(events.len(), 1, "{backend:?}");
    let v = events[0];
    assert_eq!(v.get_summary(), Some("Concert ; trio, manouche"));
    let uid = v.get_uid().unwrap().to_string();
    assert_eq!(
        uid,
        format!("event-{}@localhost:{}", concert["id"], server.port)
    );
    let start = v.get_start().expect("DTSTART");
    let stored: NaiveDateTime =
        NaiveDateTime::parse_from_str(concert["starts_at"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S")
            .unwrap();
    assert_eq!(
        start,
        icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(stored.and_utc()))
    );
    assert!(
        text.contains("DTSTART:") && text.contains("Z\r\n"),
        "UTC times"
    );
    assert!(v.get_end().is_some());
    assert_eq!(
        v.get_location(),
        Some("Lieu Respirer, 12 rue des Lilas, Lyon")
    );
    assert_eq!(
        v.get_url(),
        Some(server.url(&format!("/events/{slug}")).as_str())
    );
    assert_eq!(v.get_description(), Some("Salle du bas. Entrée libre."));
    assert_eq!(v.property_value("STATUS"), Some("CONFIRMED"));
    assert!(v.get_timestamp().is_some(), "DTSTAMP");

    // The agenda's feed: one VEVENT per published event, past ones kept, drafts left out.
    let answer = client.get(server.url("/events.ics")).send().await.unwrap();
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let text = answer.text().await.unwrap();
    let cal = parse_ics(&text);
    let uids: Vec<String> = cal
        .events()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    assert_eq!(uids.len(), 3, "{text}");
    assert!(uids.contains(&uid), "the UID is stable");
    for e in [&yoga, &past] {
        assert!(uids.contains(&format!("event-{}@localhost:{}", e["id"], server.port)));
    }
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
    assert!(!text.contains("Brouillon"));

    // Cancelled: the calendar says so.
    reqwest::Client::new()
        .post(server.url(&format!("/api/v1/events/{}/cancel", concert["id"])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let text = get_text(&client, &server.url(&format!("/events/{slug}.ics")))
        .await
        .1;
    let cal = parse_ics(&text);
    let v = cal.events().next().unwrap();
    assert_eq!(v.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(v.get_uid(), Some(uid.as_str()));
    let (_, page) = get_text(&client, &server.url("/events")).await;
    assert!(
        page.contains("This event is cancelled."),
        "the agenda marks it"
    );

    // The same address answers ActivityPub clients with the Event object.
    let answer = client
        .get(server.url(&format!("/events/{slug}")))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let object: Value = answer.json().await.unwrap();
    assert_eq!(object["type"], "Event");
    assert_eq!(object["id"], server.url(&format!("/events/{slug}")));
    let (status, _) = get_text(&client, &server.url("/events/nothing-here.ics")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The Atom feed of what is coming.
    let atom = get_text(&client, &server.url("/events.atom")).await.1;
    assert!(atom.contains("<feed"), "{atom}");
    assert!(atom.contains("Yoga"));
}

// ---------------------------------------------------------------------------------------------
// Organizers

both_backends!(async the_csv_export_starts_with_a_bom_and_keeps_accents);
async fn the_csv_export_starts_with_a_bom_and_keeps_accents(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Fête", Some(10))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    register(
        &client,
        &server,
        &slug,
        "Zoé Façade",
        "zoe@example.org",
        "Végétarienne ; merci",
    )
    .await;
    register(
        &client,
        &server,
        &slug,
        "=HYPERLINK(\"http://evil\")",
        "evil@example.org",
        "",
    )
    .await;

    let organizer = visitor();
    sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let id = created["id"].as_i64().unwrap();
    let answer = organizer
        .get(server.url(&format!("/dashboard/events/{id}/registrations.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(
        answer.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let bytes = answer.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "{backend:?}: UTF-8 byte order mark"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("No.;Name;Email address;"), "{text}");
    assert!(text.contains("Zoé Façade"), "{text}");
    assert!(
        text.contains("\"Végétarienne ; merci\""),
        "a ; in a field is quoted"
    );
    assert!(text.contains("'=HYPERLINK"), "formulas are defused: {text}");
    assert_eq!(
        lines.len(),
        4,
        "header, two rows, and the final CRLF: {text:?}"
    );
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");

    // The same through the API.
    let answer = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/events/{id}/registrations.csv")))
        .bearer_auth(&token)
        .header(header::ACCEPT_LANGUAGE, "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let bytes = answer.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("N°;Nom;"), "{text}");
    assert!(text.contains("Zoé Façade;zoe@example.org"));
}

both_backends!(async in_approval_mode_registrations_wait_for_an_organizer);
async fn in_approval_mode_registrations_wait_for_an_organizer(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let mut body = event_json("Résidence d'artiste", Some(1));
    body["requires_approval"] = json!(true);
    let created = api_event(&server, &token, body).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert!(page.contains("The team confirms each registration"));
    let (status, page) = register(
        &client,
        &server,
        &slug,
        "Ana",
        "ana@example.org",
        "Je suis peintre",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-outcome=\"pending\""), "{page}");
    register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    register(&client, &server, &slug, "Cyd", "cyd@example.org", "").await;
    mail_to(&smtp, "ana@example.org", "has been received").await;
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);

    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let (status, page) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/registrations")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Je suis peintre"), "the message is shown");
    assert_eq!(page.matches("/approve\"").count(), 3);
    let list = regs(&server, id);
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/approve", list[0].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(
        status_of(&server, id, "ana@example.org"),
        RegistrationStatus::Confirmed
    );
    mail_to(&smtp, "ana@example.org", "You're in for").await;
    // One place only: the next approval goes to the waiting list.
    submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/approve", list[1].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(
        status_of(&server, id, "bea@example.org"),
        RegistrationStatus::Waitlisted
    );
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/refuse", list[2].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&server, id, "cyd@example.org"),
        RegistrationStatus::Refused
    );
    mail_to(&smtp, "cyd@example.org", "could not be accepted").await;
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);
    // Approving what is not waiting for approval is a conflict, not a change.
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/approve", list[0].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);

    // The API confirms too.
    register(&client, &server, &slug, "Dee", "dee@example.org", "").await;
    let dee = regs(&server, id)
        .into_iter()
        .find(|r| r.name == "Dee")
        .unwrap();
    let answer = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/registrations/{}/confirm", dee.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let r: Value = answer.json().await.unwrap();
    assert_eq!(r["status"], "waitlisted");
}

both_backends!(async raising_the_capacity_promotes_and_it_cannot_go_below_the_confirmed);
async fn raising_the_capacity_promotes_and_it_cannot_go_below_the_confirmed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Yoga", Some(1))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    register(&client, &server, &slug, "Cyd", "cyd@example.org", "").await;
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;

    let path = format!("/dashboard/events/{id}/capacity");
    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "2")]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(
        status_of(&server, id, "bea@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        status_of(&server, id, "cyd@example.org"),
        RegistrationStatus::Waitlisted
    );
    mail_to(&smtp, "bea@example.org", "A place freed up").await;

    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "1")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(
        text_of_id(&page, "capacity-error").contains("More people are already registered"),
        "{page}"
    );
    assert!(page.contains("value=\"1\""), "what was typed is kept");
    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "lots")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(event_by_slug(&server, &slug).capacity, Some(2));

    // Empty: no limit, and everyone waiting is in.
    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "")]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&server, id, "cyd@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(event_by_slug(&server, &slug).capacity, None);

    // Through the API as well.
    let answer = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/events/{id}/capacity")))
        .bearer_auth(&token)
        .json(&json!({ "capacity": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["fields"][0]["code"], "capacity_below_confirmed");
}

both_backends!(async cancelling_the_event_mails_everyone_registered);
async fn cancelling_the_event_mails_everyone_registered(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(2))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    for (n, e) in [
        ("Ana", "ana@example.org"),
        ("Bea", "bea@example.org"),
        ("Cyd", "cyd@example.org"),
    ] {
        register(&client, &server, &slug, n, e, "").await;
    }
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}/cancel"),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    for e in ["ana@example.org", "bea@example.org", "cyd@example.org"] {
        mail_to(&smtp, e, "is cancelled. We are sorry.").await;
    }
    let event = event_by_slug(&server, &slug);
    assert_eq!(event.status, cheminement::events::EventStatus::Cancelled);
    // Twice tells nobody twice.
    submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}/cancel"),
        &csrf,
        &[],
    )
    .await;
    server.settle().await;
    assert_eq!(
        mails_to(&smtp, "ana@example.org"),
        2,
        "registered, then cancelled"
    );
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert!(page.contains("This event is cancelled."));
    assert!(
        !page.contains("name=\"email\""),
        "no form on a cancelled event"
    );
    // Deleting needs no more warning now; before cancelling it was refused.
    let other = api_event(&server, &token, event_json("Autre", Some(2))).await;
    register(
        &client,
        &server,
        other["slug"].as_str().unwrap(),
        "Ana",
        "ana@example.org",
        "",
    )
    .await;
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{}/delete", other["id"]),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}/delete"),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let (status, _) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

both_backends!(async check_in_the_sheet_and_a_message_to_everyone);
async fn check_in_the_sheet_and_a_message_to_everyone(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(2))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    for (n, e) in [
        ("Zoé", "zoe@example.org"),
        ("Ana", "ana@example.org"),
        ("Cyd", "cyd@example.org"),
    ] {
        register(&client, &server, &slug, n, e, "").await;
    }
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;

    let (status, page) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/checkin")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (a, z) = (
        page.find("<span>Ana</span>").unwrap(),
        page.find("<span>Zoé</span>").unwrap(),
    );
    assert!(a < z, "alphabetical");
    assert!(!page.contains("Cyd"), "only the confirmed");
    let ana = regs(&server, id)
        .into_iter()
        .find(|r| r.name == "Ana")
        .unwrap();
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/checkin", ana.id),
        &csrf,
        &[("came", "1"), ("back", "checkin")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert!(
        answer.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .ends_with(&format!("/checkin#r{}", ana.id))
    );
    assert!(
        registrations::find(&mut server.app.db.conn().unwrap(), ana.id)
            .unwrap()
            .checked_in,
        "{backend:?}"
    );
    let (_, page) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/checkin")),
    )
    .await;
    assert_eq!(text_of_id(&page, "came-count"), "Came: 1 / 2");
    submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/checkin", ana.id),
        &csrf,
        &[("came", "0"), ("back", "checkin")],
    )
    .await;
    assert!(
        !registrations::find(&mut server.app.db.conn().unwrap(), ana.id)
            .unwrap()
            .checked_in
    );
    // The API marks too.
    let answer = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/registrations/{}/checkin", ana.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.json::<Value>().await.unwrap()["checked_in"], true);

    let (status, sheet) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/sheet")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Its print styles are a file now (the pages' policy forbids inline style).
    assert!(sheet.contains("/static/events_sheet.css"));
    assert!(sheet.contains("Zoé") && sheet.contains("Ana") && sheet.contains("Cyd"));
    assert!(sheet.find("Ana").unwrap() < sheet.find("Zoé").unwrap());
    assert!(
        !sheet.contains("dash-nav"),
        "a plain page, without the dashboard's menu"
    );

    let path = format!("/dashboard/events/{id}/message");
    let answer = submit(&organizer, &server, &path, &csrf, &[("message", "   ")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = submit(
        &organizer,
        &server,
        &path,
        &csrf,
        &[("message", "Merci ! Prochaine date : le 12.")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert!(
        answer.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("sent=3")
    );
    for e in ["zoe@example.org", "ana@example.org", "cyd@example.org"] {
        mail_to(&smtp, e, "Merci ! Prochaine date : le 12.").await;
    }
}

both_backends!(async the_dashboard_form_creates_and_edits_an_event_and_keeps_what_was_typed);
async fn the_dashboard_form_creates_and_edits_an_event_and_keeps_what_was_typed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "karim@example.org", Role::Organizer).await;
    let (status, page) = get_text(&organizer, &server.url("/dashboard/events/new")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("value=\"Europe/Paris\""),
        "the association's time zone"
    );
    assert!(page.contains("name=\"takes_registrations\" value=\"on\" checked"));

    let start = local_in(4, "20:30");
    let end = local_in(4, "22:30");
    let typed = [
        ("title", ""),
        ("description", "Un *trio* de jazz."),
        ("starts_at", start.as_str()),
        ("ends_at", "demain soir"),
        ("timezone", "Europe/Paris"),
        ("place_name", "Lieu Respirer"),
        ("capacity", "0"),
        ("latitude", "91"),
        ("takes_registrations", "on"),
        ("published", "on"),
        ("status", "scheduled"),
    ];
    let answer = submit(&organizer, &server, "/dashboard/events/new", &csrf, &typed).await;
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let page = answer.text().await.unwrap();
    assert_eq!(text_of_id(&page, "title-error"), "This field is required.");
    assert!(
        text_of_id(&page, "ends_at-error").starts_with("Unreadable date and time"),
        "{page}"
    );
    assert!(text_of_id(&page, "capacity-error").starts_with("Give a number of places"));
    assert!(text_of_id(&page, "latitude-error").starts_with("Invalid coordinate"));
    assert!(page.contains("value=\"demain soir\""));
    assert!(page.contains(">Un *trio* de jazz.</textarea>"));
    assert!(page.contains(&format!("value=\"{start}\"")));
    assert!(
        agenda::all(&mut server.app.db.conn().unwrap())
            .unwrap()
            .is_empty()
    );

    let answer = submit(
        &organizer,
        &server,
        "/dashboard/events/new",
        &csrf,
        &[
            ("title", "Concert : trio de jazz manouche"),
            ("description", "Un *trio* de jazz."),
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("timezone", ""),
            ("place_name", "Lieu Respirer"),
            ("capacity", ""),
            ("takes_registrations", "on"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let id: i64 = location
        .strip_prefix("/dashboard/events/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.capacity, None, "empty capacity: no limit");
    assert_eq!(event.timezone, "Europe/Paris");
    let local = event
        .starts_at
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    assert_eq!(local, start);
    let (_, page) = get_text(&organizer, &server.url(&location)).await;
    assert!(
        page.contains(&format!("value=\"{start}\"")),
        "the edit form shows local times"
    );

    // Edit: a capacity, and the status to cancelled through the form.
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}"),
        &csrf,
        &[
            ("title", "Concert : trio de jazz"),
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("timezone", "Europe/Paris"),
            ("capacity", "19"),
            ("takes_registrations", "on"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.capacity, Some(19));
    assert_eq!(event.title, "Concert : trio de jazz");
    let (_, list) = get_text(&organizer, &server.url("/dashboard/events")).await;
    assert!(list.contains("Concert : trio de jazz"));
    assert!(list.contains("0 / 19"));
}

both_backends!(async a_weekly_series_makes_one_event_per_date_without_the_holidays_and_keeps_local_time);
async fn a_weekly_series_makes_one_event_per_date_without_the_holidays_and_keeps_local_time(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "karim@example.org", Role::Organizer).await;
    // Tuesdays in March and April 2027; summer time starts on Sunday 28 March.
    let form = [
        ("title", "Yoga du mardi"),
        ("description", "Apportez un tapis si vous en avez un."),
        ("weekday", "2"),
        ("start_time", "19:00"),
        ("end_time", "20:30"),
        ("from", "2027-03-01"),
        ("until", "2027-04-13"),
        ("except", "2027-03-23\n2027-04-06..2027-04-07"),
        ("timezone", "Europe/Paris"),
        ("place_name", "Lieu Respirer"),
        ("capacity", "12"),
        ("category", "Bien-être"),
        ("takes_registrations", "on"),
        ("published", "on"),
    ];
    let answer = submit(&organizer, &server, "/dashboard/series/new", &csrf, &form).await;
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "{backend:?}: {}",
        answer.text().await.unwrap()
    );
    let location = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.ends_with("?saved=5"), "{location}");
    let series_id: i64 = location
        .strip_prefix("/dashboard/series/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let events =
        cheminement::events::series::occurrences(&mut server.app.db.conn().unwrap(), series_id)
            .unwrap();
    let local: Vec<String> = events
        .iter()
        .map(|e| {
            e.starts_at
                .and_utc()
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        local,
        [
            "2027-03-02 19:00",
            "2027-03-09 19:00",
            "2027-03-16 19:00",
            "2027-03-30 19:00",
            "2027-04-13 19:00",
        ]
    );
    // Before the change 19:00 is 18:00 UTC, after it 17:00 UTC.
    assert_eq!(events[2].starts_at.format("%H:%M").to_string(), "18:00");
    assert_eq!(events[3].starts_at.format("%H:%M").to_string(), "17:00");
    assert_eq!(events[3].ends_at.format("%H:%M").to_string(), "18:30");
    assert!(
        events
            .iter()
            .all(|e| e.capacity == Some(12) && e.series_id == Some(series_id))
    );
    let slugs: std::collections::HashSet<&str> = events.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs.len(), 5, "each occurrence has its own address");

    // Each occurrence has its own places.
    let client = visitor();
    let (status, page) = register(
        &client,
        &server,
        &events[0].slug,
        "Ana",
        "ana@example.org",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(event_by_slug(&server, &events[0].slug).confirmed_count, 1);
    assert_eq!(event_by_slug(&server, &events[1].slug).confirmed_count, 0);

    // Editing the whole series: every date to come, each keeping its registrations.
    let (status, page) = get_text(&organizer, &server.url(&location)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"19:00\""), "{page}");
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/series/{series_id}"),
        &csrf,
        &[
            ("title", "Yoga du mardi soir"),
            ("description", "Tapis fournis."),
            ("start_time", "19:30"),
            ("end_time", "21:00"),
            ("timezone", "Europe/Paris"),
            ("place_name", "Grande salle"),
            ("capacity", "10"),
            ("takes_registrations", "on"),
            ("published", "on"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let events =
        cheminement::events::series::occurrences(&mut server.app.db.conn().unwrap(), series_id)
            .unwrap();
    for e in &events {
        assert_eq!(e.title, "Yoga du mardi soir");
        assert_eq!(e.place_name, "Grande salle");
        assert_eq!(e.capacity, Some(10));
        let local = e
            .starts_at
            .and_utc()
            .with_timezone(&chrono_tz::Europe::Paris);
        assert_eq!(local.format("%H:%M").to_string(), "19:30");
    }
    assert_eq!(events[0].confirmed_count, 1, "registrations are kept");

    // One occurrence alone is the ordinary edit.
    let one = &events[1];
    let tz = chrono_tz::Europe::Paris;
    let start = one
        .starts_at
        .and_utc()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let end = one
        .ends_at
        .and_utc()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{}", one.id),
        &csrf,
        &[
            ("title", "Yoga du mardi soir (salle du haut)"),
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("timezone", "Europe/Paris"),
            ("capacity", "8"),
            ("takes_registrations", "on"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let events =
        cheminement::events::series::occurrences(&mut server.app.db.conn().unwrap(), series_id)
            .unwrap();
    assert_eq!(events[1].capacity, Some(8));
    assert_eq!(events[2].capacity, Some(10));
    assert_eq!(events[2].title, "Yoga du mardi soir");

    // Too many dates: a clear error next to the end date, and nothing made.
    let mut long = form.to_vec();
    long.retain(|(k, _)| *k != "until" && *k != "title");
    long.push(("until", "2031-12-31"));
    long.push(("title", "Trop long"));
    let answer = submit(&organizer, &server, "/dashboard/series/new", &csrf, &long).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(
        text_of_id(&page, "until-error").starts_with("More than 200 dates"),
        "{page}"
    );
    assert!(page.contains("value=\"Trop long\""));
    assert!(
        page.contains("2027-04-06..2027-04-07</textarea>"),
        "holidays kept as typed"
    );
    let all = agenda::all(&mut server.app.db.conn().unwrap()).unwrap();
    assert_eq!(all.len(), 5, "nothing made");

    // The API makes series as well.
    let token = server.token_for("lea@example.org", Role::Organizer);
    let answer = reqwest::Client::new()
        .post(server.url("/api/v1/series"))
        .bearer_auth(&token)
        .json(&json!({
            "rule": { "weekday": 6, "start_time": "10:00", "end_time": "12:00",
                      "from": "2027-05-01", "until": "2027-05-31", "except": ["2027-05-08"] },
            "event": { "title": "Atelier vélo", "capacity": 6 }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["events"].as_array().unwrap().len(), 4, "{body}");
}

both_backends!(async members_and_editors_get_403_on_the_events_dashboard_and_api);
async fn members_and_editors_get_403_on_the_events_dashboard_and_api(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(2))).await;
    let id = created["id"].as_i64().unwrap();
    let slug = created["slug"].as_str().unwrap().to_string();
    register(&visitor(), &server, &slug, "Ana", "ana@example.org", "").await;
    let rid = regs(&server, id)[0].id;

    for (email, role) in [
        ("mia@example.org", Role::Member),
        ("ed@example.org", Role::Editor),
    ] {
        let client = visitor();
        let csrf = sign_in(&client, &server, email, role).await;
        for path in [
            "/dashboard/events".to_string(),
            "/dashboard/events/new".to_string(),
            "/dashboard/series/new".to_string(),
            format!("/dashboard/events/{id}"),
            format!("/dashboard/events/{id}/registrations"),
            format!("/dashboard/events/{id}/registrations.csv"),
            format!("/dashboard/events/{id}/checkin"),
            format!("/dashboard/events/{id}/sheet"),
        ] {
            let (status, _) = get_text(&client, &server.url(&path)).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{backend:?} {role:?} GET {path}"
            );
        }
        for path in [
            format!("/dashboard/events/{id}/cancel"),
            format!("/dashboard/events/{id}/capacity"),
            format!("/dashboard/registrations/{rid}/cancel"),
            format!("/dashboard/registrations/{rid}/checkin"),
        ] {
            let answer = submit(&client, &server, &path, &csrf, &[("capacity", "5")]).await;
            assert_eq!(
                answer.status(),
                StatusCode::FORBIDDEN,
                "{role:?} POST {path}"
            );
        }
        let api = server.token_for(&format!("api-{email}"), role);
        let c = reqwest::Client::new();
        for answer in [
            c.get(server.url("/api/v1/events"))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
            c.get(server.url(&format!("/api/v1/events/{id}/registrations")))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
            c.post(server.url("/api/v1/events"))
                .bearer_auth(&api)
                .json(&event_json("x", None))
                .send()
                .await
                .unwrap(),
            c.post(server.url(&format!("/api/v1/registrations/{rid}/cancel")))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
            c.get(server.url(&format!("/api/v1/events/{id}/registrations.csv")))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
        ] {
            assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{role:?} API");
        }
    }
    // Nothing changed.
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.status, cheminement::events::EventStatus::Scheduled);
    assert_eq!(event.capacity, Some(2));
    assert_eq!(regs(&server, id)[0].status, RegistrationStatus::Confirmed);
    // Without a token: 401.
    let answer = reqwest::Client::new()
        .get(server.url("/api/v1/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // The organizer reaches all of it.
    let client = visitor();
    sign_in(&client, &server, "org@example.org", Role::Organizer).await;
    for path in [
        "/dashboard/events".to_string(),
        format!("/dashboard/events/{id}/registrations"),
    ] {
        assert_eq!(
            get_text(&client, &server.url(&path)).await.0,
            StatusCode::OK
        );
    }
}

both_backends!(async the_api_covers_events_and_registrations_in_the_openapi_document);
async fn the_api_covers_events_and_registrations_in_the_openapi_document(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let c = reqwest::Client::new();
    // Times as a browser's datetime-local writes them, without seconds.
    let created = api_event(&server, &token, event_json("Concert", Some(1))).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        created["url"],
        server.url(&format!("/events/{}", created["slug"].as_str().unwrap()))
    );
    let bad = c
        .post(server.url("/api/v1/events"))
        .bearer_auth(&token)
        .json(&json!({ "title": "", "starts_at": local_in(2, "20:00"), "ends_at": local_in(2, "19:00") }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let body: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"ends_at"),
        "{body}"
    );

    let mut edit = event_json("Concert (complet)", Some(2));
    edit["status"] = json!("postponed");
    let answer = c
        .put(server.url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&token)
        .json(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["title"], "Concert (complet)");
    assert_eq!(body["capacity"], 2);
    assert_eq!(body["status"], "postponed");

    let listed: Value = c
        .get(server.url("/api/v1/events"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    register(
        &visitor(),
        &server,
        created["slug"].as_str().unwrap(),
        "Ana",
        "ana@example.org",
        "",
    )
    .await;
    let list: Value = c
        .get(server.url(&format!("/api/v1/events/{id}/registrations")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["name"], "Ana");
    assert_eq!(list[0]["status"], "confirmed");
    let rid = list[0]["id"].as_i64().unwrap();
    let answer = c
        .post(server.url(&format!("/api/v1/registrations/{rid}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap()["status"], "cancelled");
    let answer = c
        .post(server.url(&format!("/api/v1/events/{id}/message")))
        .bearer_auth(&token)
        .json(&json!({"message": "Bonjour"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap()["sent"], 0);

    let doc: Value = c
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/cancel",
        "/api/v1/events/{id}/registrations",
        "/api/v1/events/{id}/registrations.csv",
        "/api/v1/series",
        "/api/v1/registrations/{id}/confirm",
        "/api/v1/registrations/{id}/refuse",
        "/api/v1/registrations/{id}/cancel",
        "/api/v1/registrations/{id}/checkin",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    for schema in [
        "EventView",
        "EventInput",
        "Registration",
        "SeriesRule",
        "SeriesInput",
    ] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema}"
        );
    }
    let answer = c
        .post(server.url(&format!("/api/v1/events/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap()["status"], "cancelled");
    let answer = c
        .delete(server.url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
}
