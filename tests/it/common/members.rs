//! Test helpers for the members tests: browsers signed in with a role, dashboard forms posted
//! with their CSRF token, and contacts, categories and memberships written through the domain
//! (with dates moved by hand where a test needs a membership ending on a given day).

use cheminement::db::schema;
use cheminement::members::{
    categories::{self, Category, CategoryInput},
    contacts::{self, Contact, ContactInput},
    memberships::{self, Membership, MembershipInput},
};
use chrono::NaiveDate;
use diesel::prelude::*;
use reqwest::StatusCode;

use super::{TestServer, csrf_in};

/// GETs a page: its status and HTML.
pub async fn get_page(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
) -> (StatusCode, String) {
    let answer = client.get(server.url(path)).send().await.unwrap();
    let status = answer.status();
    (status, answer.text().await.unwrap())
}

/// Posts a dashboard form with the session's CSRF token (read from the account page, which
/// every signed-in account may open). Returns the status, the redirect target and the HTML.
pub async fn post_page(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, account) = get_page(client, server, "/dashboard/account").await;
    let csrf = csrf_in(&account);
    let mut body: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    body.extend_from_slice(fields);
    let answer = client
        .post(server.url(path))
        .form(&body)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let location = answer
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, location, answer.text().await.unwrap())
}

/// A contact made through the domain.
pub fn new_contact(server: &TestServer, first: &str, last: &str, email: &str) -> Contact {
    let mut conn = server.app.db.conn().unwrap();
    let input = ContactInput {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        ..ContactInput::default()
    };
    contacts::create(&mut conn, &input, contacts::Source::Dashboard, None).unwrap()
}

/// Sets a contact's language for mails.
pub fn set_lang(server: &TestServer, contact_id: i64, lang: &str) {
    let mut conn = server.app.db.conn().unwrap();
    diesel::update(schema::contacts::table.find(contact_id))
        .set(schema::contacts::lang.eq(lang))
        .execute(&mut *conn)
        .unwrap();
}

/// A category made through the domain.
pub fn new_category(server: &TestServer, name: &str, kind: &str, cents: i64) -> Category {
    let mut conn = server.app.db.conn().unwrap();
    let input = CategoryInput {
        name: name.into(),
        kind: kind.into(),
        amount_cents: (kind != "free").then_some(cents),
        min_cents: (kind == "free").then_some(cents),
    };
    categories::create(&mut conn, &input).unwrap()
}

/// The pay-what-you-want category every new database has (minimum 1 €).
pub fn free_category(server: &TestServer) -> Category {
    let mut conn = server.app.db.conn().unwrap();
    categories::all(&mut conn)
        .unwrap()
        .into_iter()
        .find(|c| c.kind == categories::CategoryKind::Free)
        .expect("the migration makes a free category")
}

/// A membership paid in cash on `paid_on`, through the domain.
pub fn new_membership(
    server: &TestServer,
    contact_id: i64,
    category: &Category,
    cents: i64,
    paid_on: NaiveDate,
    people: Vec<i64>,
) -> Membership {
    let mut conn = server.app.db.conn().unwrap();
    let input = MembershipInput {
        category_id: category.id,
        amount_cents: Some(cents),
        paid_on: Some(paid_on),
        payment_method: "cash".into(),
        people,
        ..MembershipInput::default()
    };
    memberships::create(
        &mut conn,
        contact_id,
        &input,
        memberships::Source::Dashboard,
        None,
    )
    .unwrap()
}

/// Moves a membership's period by hand, for a test that needs it to end on a given day.
pub fn set_period(server: &TestServer, membership_id: i64, starts: NaiveDate, ends: NaiveDate) {
    let mut conn = server.app.db.conn().unwrap();
    diesel::update(schema::memberships::table.find(membership_id))
        .set((
            schema::memberships::starts_on.eq(starts),
            schema::memberships::ends_on.eq(ends),
        ))
        .execute(&mut *conn)
        .unwrap();
}

/// A membership of `contact_id` covering `starts..=ends`.
pub fn membership_between(
    server: &TestServer,
    contact_id: i64,
    category: &Category,
    starts: NaiveDate,
    ends: NaiveDate,
) -> Membership {
    let paid = starts.min(today_utc());
    let m = new_membership(server, contact_id, category, 2000, paid, Vec::new());
    set_period(server, m.id, starts, ends);
    m
}

/// Every membership of a payer.
pub fn memberships_of(server: &TestServer, contact_id: i64) -> Vec<Membership> {
    let mut conn = server.app.db.conn().unwrap();
    memberships::all(&mut conn, Some(contact_id), 0, 1000).unwrap()
}

/// Today in Paris, the test servers' time zone.
pub fn today_paris() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

fn today_utc() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A day relative to today in Paris.
pub fn days_from_today(days: i64) -> NaiveDate {
    today_paris() + chrono::Duration::days(days)
}

/// A received mail's subject and text body, decoded, for assertions on what people read.
pub fn readable(raw: &str) -> (String, String) {
    let read = super::mail::read(raw);
    (read.subject, read.text)
}

/// Text for a query string.
pub fn urlencoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
