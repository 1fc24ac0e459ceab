//! Test helpers for the members tests: browsers signed in with a role, dashboard forms posted
//! with their CSRF token, and contacts, categories and memberships written through the domain
//! (with dates moved by hand where a test needs a membership ending on a given day).

use cheminement::accounts::Role;
use cheminement::db::schema;
use cheminement::members::{
    categories::{self, Category, CategoryInput},
    contacts::{self, Contact, ContactInput},
    memberships::{self, Membership, MembershipInput},
};
use chrono::NaiveDate;
use diesel::prelude::*;
use reqwest::StatusCode;

use super::{TestServer, browser, csrf_in, login};

/// A browser signed in with a new account of that role.
pub async fn member_browser(server: &TestServer, email: &str, role: Role) -> reqwest::Client {
    let password = server.create_user(email, role);
    let client = browser();
    let status = login(&client, server, email, &password).await;
    assert!(status.is_redirection(), "login failed: {status}");
    client
}

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
    contacts::create(&mut conn, &input, contacts::source::DASHBOARD, None).unwrap()
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
        amount_cents: (kind != categories::FREE).then_some(cents),
        min_cents: (kind == categories::FREE).then_some(cents),
    };
    categories::create(&mut conn, &input).unwrap()
}

/// The pay-what-you-want category every new database has (minimum 1 €).
pub fn free_category(server: &TestServer) -> Category {
    let mut conn = server.app.db.conn().unwrap();
    categories::all(&mut conn)
        .unwrap()
        .into_iter()
        .find(|c| c.kind == categories::FREE)
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
    memberships::create(&mut conn, contact_id, &input, "dashboard", None).unwrap()
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

/// A received mail's subject and text body, decoded (RFC 2047 subjects; base64 or
/// quoted-printable bodies), for assertions on what people read.
pub fn readable(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    // Unfold continued header lines.
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let subject = head
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .map(decode_words)
        .unwrap_or_default();
    let lower = head.to_ascii_lowercase();
    let text = if lower.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = body.lines().map(str::trim).collect();
        String::from_utf8_lossy(
            &base64::engine::general_purpose::STANDARD
                .decode(joined.trim_end_matches('.').trim())
                .unwrap_or_default(),
        )
        .into_owned()
    } else if lower.contains("content-transfer-encoding: quoted-printable") {
        quoted_printable(body)
    } else {
        body.to_string()
    };
    (subject, text)
}

fn decode_words(text: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let decoded = word
            .strip_prefix("=?utf-8?b?")
            .or_else(|| word.strip_prefix("=?UTF-8?B?"))
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|b64| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.decode(b64).ok()
            })
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        // Spaces between two encoded words are not part of the text (RFC 2047).
        let joins_previous = previous_encoded && decoded.is_some();
        if !out.is_empty() && !joins_previous {
            out.push(' ');
        }
        previous_encoded = decoded.is_some();
        out.push_str(decoded.as_deref().unwrap_or(word));
    }
    out
}

fn quoted_printable(body: &str) -> String {
    let mut bytes = Vec::new();
    let joined = body.replace("=\n", "");
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'='
            && i + 2 < raw.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Text for a query string.
pub fn urlencoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
