//! Test helpers for the contacts tests: browsers signed in with a role, dashboard forms posted
//! with their CSRF token, API calls, and records written straight into the tables (a
//! membership, a subscription) so that a merge has something to move.

use cheminement::accounts::Role;
use cheminement::db::{DbConn, now, schema};
use cheminement::members::contacts::{self, Contact, ContactInput};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;

use super::{TestServer, browser, csrf_in, login};

/// A browser signed in with a new account of that role.
pub async fn browser_as(server: &TestServer, email: &str, role: Role) -> reqwest::Client {
    let password = server.create_user(email, role);
    let client = browser();
    let status = login(&client, server, email, &password).await;
    assert!(status.is_redirection(), "login failed: {status}");
    client
}

/// The session's CSRF token, read from a page every signed-in member may open.
pub async fn session_csrf(client: &reqwest::Client, server: &TestServer) -> String {
    let page = client
        .get(server.url("/dashboard/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csrf_in(&page)
}

/// Posts a dashboard form with the session's CSRF token.
pub async fn post_form(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = session_csrf(client, server).await;
    let mut body: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    body.extend_from_slice(fields);
    client
        .post(server.url(path))
        .form(&body)
        .send()
        .await
        .unwrap()
}

/// GETs a dashboard page: its status and HTML.
pub async fn page(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
) -> (StatusCode, String) {
    let answer = client.get(server.url(path)).send().await.unwrap();
    let status = answer.status();
    (status, answer.text().await.unwrap())
}

/// Calls the API with a token; the status and the JSON body (Null when there is none).
pub async fn api(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
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

pub fn conn(server: &TestServer) -> cheminement::db::PooledConn {
    server.app.db.conn().unwrap()
}

/// Adds a contact straight through the domain.
pub fn add_contact(server: &TestServer, first: &str, last: &str, email: &str) -> Contact {
    let input = ContactInput {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        ..Default::default()
    };
    contacts::create(&mut conn(server), &input, contacts::Source::Dashboard, None).unwrap()
}

/// Adds a contact with every detail given.
pub fn add_full_contact(server: &TestServer, input: ContactInput) -> Contact {
    contacts::create(&mut conn(server), &input, contacts::Source::Dashboard, None).unwrap()
}

pub fn contact_count(server: &TestServer) -> i64 {
    schema::contacts::table
        .count()
        .get_result(&mut *conn(server))
        .unwrap()
}

/// A membership paid by `contact_id`, in the first category, for this year.
pub fn add_membership(c: &mut DbConn, contact_id: i64, cents: i64) -> i64 {
    use schema::{membership_categories as cat, memberships as m};
    let category: i64 = cat::table.select(cat::id).order(cat::id).first(c).unwrap();
    let today = chrono::Utc::now().date_naive();
    diesel::insert_into(m::table)
        .values((
            m::contact_id.eq(contact_id),
            m::category_id.eq(category),
            m::starts_on.eq(today),
            m::ends_on.eq(today + chrono::Duration::days(364)),
            m::amount_cents.eq(cents),
            m::paid_on.eq(Some(today)),
            m::payment_method.eq("cash"),
            m::source.eq("dashboard"),
            m::notes.eq(""),
            m::created_at.eq(now()),
            m::updated_at.eq(now()),
        ))
        .returning(m::id)
        .get_result(c)
        .unwrap()
}

/// The id of a newsletter list by slug (`newsletter` and `members` are made by the migration).
pub fn list_id(c: &mut DbConn, slug: &str) -> i64 {
    use schema::newsletter_lists as l;
    l::table
        .filter(l::slug.eq(slug))
        .select(l::id)
        .first(c)
        .unwrap()
}

/// A private list made for a test.
pub fn add_list(c: &mut DbConn, slug: &str, name: &str) -> i64 {
    use schema::newsletter_lists as l;
    diesel::insert_into(l::table)
        .values((
            l::slug.eq(slug),
            l::name.eq(name),
            l::description.eq(""),
            l::kind.eq("private"),
            l::created_at.eq(now()),
        ))
        .returning(l::id)
        .get_result(c)
        .unwrap()
}

/// A subscription row in a status (`pending`, `confirmed`, `unsubscribed`).
pub fn add_subscription(c: &mut DbConn, list_id: i64, contact_id: i64, status: &str) -> i64 {
    use schema::subscriptions as s;
    let at = now();
    diesel::insert_into(s::table)
        .values((
            s::list_id.eq(list_id),
            s::contact_id.eq(contact_id),
            s::status.eq(status),
            s::unsubscribe_token.eq(uuid::Uuid::new_v4().simple().to_string()),
            s::source.eq("test"),
            s::created_at.eq(at),
            s::confirmed_at.eq((status != "pending").then_some(at)),
            s::unsubscribed_at.eq((status == "unsubscribed").then_some(at)),
        ))
        .returning(s::id)
        .get_result(c)
        .unwrap()
}

/// A person's subscriptions: (list id, status).
pub fn subscriptions_of(c: &mut DbConn, contact_id: i64) -> Vec<(i64, String)> {
    use schema::subscriptions as s;
    s::table
        .filter(s::contact_id.eq(contact_id))
        .order(s::list_id)
        .select((s::list_id, s::status))
        .load(c)
        .unwrap()
}

/// Marks a record anonymized, as the erasure does.
pub fn mark_anonymized(c: &mut DbConn, contact_id: i64) {
    use schema::contacts as t;
    diesel::update(t::table.find(contact_id))
        .set((
            t::first_name.eq(""),
            t::last_name.eq("Anonyme"),
            t::email.eq(None::<String>),
            t::email_key.eq(None::<String>),
            t::name_key.eq(""),
            t::anonymized_at.eq(Some(now())),
        ))
        .execute(c)
        .unwrap();
}

/// Marks an address bounced, as a refusing mail server does.
pub fn mark_bounced(c: &mut DbConn, contact_id: i64) {
    use schema::contacts as t;
    diesel::update(t::table.find(contact_id))
        .set((
            t::email_bounced_at.eq(Some(now())),
            t::bounce_reason.eq(Some("550 no such mailbox".to_string())),
        ))
        .execute(c)
        .unwrap();
}

/// Text as askama writes it into HTML.
pub fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}
