//! Test helpers for the newsletter subscriptions: posting the public form as a stranger's
//! browser would, reading mails as the SMTP sink received them (multipart, quoted-printable or
//! base64, encoded subjects), and looking at what the database holds.

use cheminement::members::{
    consents::Consent,
    contacts::{self, Contact},
};
use cheminement::newsletter::{lists, subscriptions::Subscription};
use diesel::prelude::*;
use reqwest::StatusCode;

use super::{ReceivedMail, SmtpSink, TestServer};

pub use super::mail::ReadMail;

/// Decodes a received mail: headers, subject, and the text and HTML parts.
pub fn read_mail(mail: &ReceivedMail) -> ReadMail {
    super::mail::read(&mail.data)
}

/// The mails the sink received for `to` (in any case), read.
pub fn mails_for(smtp: &SmtpSink, to: &str) -> Vec<ReadMail> {
    smtp.mails()
        .iter()
        .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
        .map(read_mail)
        .collect()
}

/// Waits until `n` mails have arrived for `to` (10 s at most); returns them.
pub async fn wait_mails_for(smtp: &SmtpSink, to: &str, n: usize) -> Vec<ReadMail> {
    for _ in 0..200 {
        let mails = mails_for(smtp, to);
        if mails.len() >= n {
            return mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "expected {n} mail(s) to {to}, got {}",
        mails_for(smtp, to).len()
    );
}

/// The confirmation link in a mail's text.
pub fn confirm_link(server: &TestServer, text: &str) -> String {
    let prefix = server.url("/newsletter/confirm/");
    let start = text
        .find(&prefix)
        .unwrap_or_else(|| panic!("the mail holds the confirmation link: {text}"));
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect()
}

/// Posts the public form as a stranger's browser would: no cookie, no CSRF token.
pub async fn post_subscribe(server: &TestServer, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let answer = reqwest::Client::new()
        .post(server.url("/newsletter/subscribe"))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .form(fields)
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

pub fn contact_of(server: &TestServer, email: &str) -> Option<Contact> {
    let mut conn = server.app.db.conn().unwrap();
    contacts::find_by_email(&mut conn, email).unwrap()
}

/// The subscription of `email` to the list `slug`, as stored.
pub fn subscription_of(server: &TestServer, email: &str, slug: &str) -> Option<Subscription> {
    use cheminement::db::schema::subscriptions;
    let contact = contact_of(server, email)?;
    let mut conn = server.app.db.conn().unwrap();
    let list = lists::find_by_slug(&mut conn, slug).unwrap();
    subscriptions::table
        .filter(subscriptions::list_id.eq(list.id))
        .filter(subscriptions::contact_id.eq(contact.id))
        .select(Subscription::as_select())
        .first(&mut *conn)
        .optional()
        .unwrap()
}

/// The consent log of a person, oldest first.
pub fn consents_of(server: &TestServer, email: &str) -> Vec<Consent> {
    let Some(contact) = contact_of(server, email) else {
        return Vec::new();
    };
    let mut conn = server.app.db.conn().unwrap();
    cheminement::members::consents::log(&mut conn, contact.id).unwrap()
}

/// The actions in a person's history, oldest first.
pub fn history_of(server: &TestServer, email: &str) -> Vec<(String, String)> {
    let Some(contact) = contact_of(server, email) else {
        return Vec::new();
    };
    let mut conn = server.app.db.conn().unwrap();
    let mut lines: Vec<(String, String)> =
        cheminement::members::history::list(&mut conn, contact.id)
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    cheminement::db::TextEnum::as_str(e.action).to_string(),
                    e.detail,
                )
            })
            .collect();
    lines.reverse();
    lines
}

/// How many mail jobs are queued or done in all.
pub fn mail_jobs(server: &TestServer) -> i64 {
    use cheminement::db::schema::jobs;
    let mut conn = server.app.db.conn().unwrap();
    jobs::table
        .filter(jobs::kind.eq(cheminement::app::effects::kinds::MAIL))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// A sent campaign, written straight into the database (campaigns are another part's work):
/// returns its id.
pub fn sent_campaign(server: &TestServer, slug: &str, subject: &str, public: bool) -> i64 {
    use cheminement::db::schema::campaigns;
    let mut conn = server.app.db.conn().unwrap();
    let at = cheminement::db::now();
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::slug.eq(slug),
            campaigns::subject.eq(subject),
            campaigns::body_md.eq("Bonjour"),
            campaigns::body_html.eq("<p>Bonjour</p>"),
            campaigns::status.eq("sent"),
            campaigns::started_at.eq(Some(at)),
            campaigns::finished_at.eq(Some(at)),
            campaigns::public_archive.eq(public),
            campaigns::to_fediverse.eq(false),
            campaigns::created_at.eq(at),
            campaigns::updated_at.eq(at),
        ))
        .returning(campaigns::id)
        .get_result(&mut *conn)
        .unwrap()
}
