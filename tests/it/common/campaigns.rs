//! Test helpers for the campaigns tests: people, lists, subscriptions and memberships written
//! straight into the database; campaigns through the API; mails read as a person reads them.

use std::collections::HashMap;

use cheminement::db::schema::{
    campaign_recipients, campaigns, contacts, membership_people, memberships, newsletter_lists,
    subscriptions,
};
use cheminement::members::contacts::{self as people, ContactInput};
use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use super::{ReceivedMail, SmtpSink, TestServer};

/// A contact with this address (and a name made from it).
pub fn contact(server: &TestServer, email: &str) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    let input = ContactInput {
        first_name: email.split('@').next().unwrap().to_string(),
        email: email.to_string(),
        ..ContactInput::default()
    };
    people::create(&mut conn, &input, people::Source::Dashboard, None)
        .unwrap()
        .id
}

/// A contact without an address.
pub fn contact_without_email(server: &TestServer, name: &str) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    let input = ContactInput {
        last_name: name.to_string(),
        ..ContactInput::default()
    };
    people::create(&mut conn, &input, people::Source::Dashboard, None)
        .unwrap()
        .id
}

/// The id of a list by its slug (`newsletter` and `members` exist from the start).
pub fn list_id(server: &TestServer, slug: &str) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    newsletter_lists::table
        .filter(newsletter_lists::slug.eq(slug))
        .select(newsletter_lists::id)
        .first(&mut *conn)
        .unwrap()
}

/// A new list of this kind (public, private, members).
pub fn make_list(server: &TestServer, slug: &str, kind: &str) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    diesel::insert_into(newsletter_lists::table)
        .values((
            newsletter_lists::slug.eq(slug),
            newsletter_lists::name.eq(format!("Liste {slug}")),
            newsletter_lists::description.eq(""),
            newsletter_lists::kind.eq(kind),
            newsletter_lists::created_at.eq(cheminement::db::now()),
        ))
        .returning(newsletter_lists::id)
        .get_result(&mut *conn)
        .unwrap()
}

/// A subscription in this status (pending, confirmed, unsubscribed); returns its token.
pub fn subscribe(server: &TestServer, list: i64, contact: i64, status: &str) -> String {
    let mut conn = server.app.db.conn().unwrap();
    let token = cheminement::accounts::tokens::random_token(24);
    let at = cheminement::db::now();
    diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::list_id.eq(list),
            subscriptions::contact_id.eq(contact),
            subscriptions::status.eq(status),
            subscriptions::unsubscribe_token.eq(&token),
            subscriptions::source.eq("dashboard"),
            subscriptions::created_at.eq(at),
            subscriptions::confirmed_at.eq((status != "pending").then_some(at)),
            subscriptions::unsubscribed_at.eq((status == "unsubscribed").then_some(at)),
        ))
        .execute(&mut *conn)
        .unwrap();
    token
}

/// Someone confirmed on a list: the contact and its subscription's token.
pub fn subscriber(server: &TestServer, list: i64, email: &str) -> (i64, String) {
    let id = contact(server, email);
    (id, subscribe(server, list, id, "confirmed"))
}

/// The subscription of a contact on a list: (status, source, unsubscribed_campaign_id).
pub fn subscription_of(
    server: &TestServer,
    list: i64,
    contact: i64,
) -> Option<(String, String, Option<i64>)> {
    let mut conn = server.app.db.conn().unwrap();
    subscriptions::table
        .filter(subscriptions::list_id.eq(list))
        .filter(subscriptions::contact_id.eq(contact))
        .select((
            subscriptions::status,
            subscriptions::source,
            subscriptions::unsubscribed_campaign_id,
        ))
        .first(&mut *conn)
        .optional()
        .unwrap()
}

pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

/// A membership of `contact` that ends `ends_in` days from today (negative: already over).
pub fn membership(server: &TestServer, contact: i64, ends_in: i64) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    let ends_on = today() + Duration::days(ends_in);
    let at = cheminement::db::now();
    diesel::insert_into(memberships::table)
        .values((
            memberships::contact_id.eq(contact),
            memberships::category_id.eq(1i64),
            memberships::starts_on.eq(ends_on - Duration::days(364)),
            memberships::ends_on.eq(ends_on),
            memberships::amount_cents.eq(1000i64),
            memberships::paid_on.eq(Some(ends_on - Duration::days(364))),
            memberships::payment_method.eq("cash"),
            memberships::source.eq("dashboard"),
            memberships::notes.eq(""),
            memberships::created_at.eq(at),
            memberships::updated_at.eq(at),
        ))
        .returning(memberships::id)
        .get_result(&mut *conn)
        .unwrap()
}

/// Another person covered by a (family) membership.
pub fn covers(server: &TestServer, membership: i64, contact: i64) {
    let mut conn = server.app.db.conn().unwrap();
    diesel::insert_into(membership_people::table)
        .values((
            membership_people::membership_id.eq(membership),
            membership_people::contact_id.eq(contact),
        ))
        .execute(&mut *conn)
        .unwrap();
}

/// The bounce mark of a contact.
pub fn bounced_at(server: &TestServer, contact: i64) -> Option<chrono::NaiveDateTime> {
    let mut conn = server.app.db.conn().unwrap();
    contacts::table
        .find(contact)
        .select(contacts::email_bounced_at)
        .first(&mut *conn)
        .unwrap()
}

pub async fn api(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// A draft through the API; returns its JSON.
pub async fn api_campaign(server: &TestServer, token: &str, subject: &str, lists: &[i64]) -> Value {
    let answer = api(
        server,
        token,
        reqwest::Method::POST,
        "/api/v1/campaigns",
        Some(json!({
            "subject": subject,
            "body": format!("Bonjour,\n\nVoici **{subject}**.\n\nÀ bientôt !"),
            "lists": lists,
        })),
    )
    .await;
    assert_eq!(
        answer.status(),
        reqwest::StatusCode::CREATED,
        "the draft is made"
    );
    answer.json().await.unwrap()
}

/// Sends a campaign now through the API; returns the number of recipients.
pub async fn api_send(server: &TestServer, token: &str, id: i64) -> i64 {
    let answer = api(
        server,
        token,
        reqwest::Method::POST,
        &format!("/api/v1/campaigns/{id}/send"),
        None,
    )
    .await;
    assert_eq!(
        answer.status(),
        reqwest::StatusCode::ACCEPTED,
        "sending starts"
    );
    let body: Value = answer.json().await.unwrap();
    body["recipients"].as_i64().unwrap()
}

pub fn campaign_status(server: &TestServer, id: i64) -> String {
    let mut conn = server.app.db.conn().unwrap();
    campaigns::table
        .find(id)
        .select(campaigns::status)
        .first(&mut *conn)
        .unwrap()
}

/// Waits until the campaign is sent (`secs` at most).
pub async fn wait_sent(server: &TestServer, id: i64, secs: u64) {
    for _ in 0..secs * 10 {
        if campaign_status(server, id) == "sent" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "campaign {id} not sent after {secs} s: {} {:?}",
        campaign_status(server, id),
        recipient_statuses(server, id)
    );
}

/// Each recipient's address and status.
pub fn recipient_statuses(server: &TestServer, id: i64) -> HashMap<String, String> {
    let mut conn = server.app.db.conn().unwrap();
    campaign_recipients::table
        .filter(campaign_recipients::campaign_id.eq(id))
        .select((campaign_recipients::email, campaign_recipients::status))
        .load::<(String, String)>(&mut *conn)
        .unwrap()
        .into_iter()
        .collect()
}

/// The mails a given address received.
pub fn mails_to(smtp: &SmtpSink, to: &str) -> Vec<ReceivedMail> {
    smtp.mails()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .collect()
}

/// How many mails each address received.
pub fn per_address(smtp: &SmtpSink) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for mail in smtp.mails() {
        for to in mail.to {
            *out.entry(to).or_insert(0) += 1;
        }
    }
    out
}

/// A header of a mail, unfolded.
pub fn header(mail: &ReceivedMail, name: &str) -> Option<String> {
    super::mail::read(&mail.data).header(name)
}

/// The parts of a mail as a person reads them: (content type, decoded text).
pub fn parts(mail: &ReceivedMail) -> Vec<(String, String)> {
    super::mail::read(&mail.data).parts
}

/// The text part and the HTML part.
pub fn text_and_html(mail: &ReceivedMail) -> (String, String) {
    let read = super::mail::read(&mail.data);
    (read.text, read.html)
}
