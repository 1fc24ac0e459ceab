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

/// A mail as a person reads it: its decoded subject, its text part and its HTML part.
#[derive(Debug, Clone, Default)]
pub struct ReadMail {
    pub headers: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl ReadMail {
    /// The value of a header (first of that name), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let wanted = format!("{}:", name.to_ascii_lowercase());
        let mut lines = self.headers.lines().peekable();
        while let Some(line) = lines.next() {
            if line.to_ascii_lowercase().starts_with(&wanted) {
                let mut value = line[wanted.len()..].trim().to_string();
                while let Some(next) = lines.peek() {
                    if next.starts_with(' ') || next.starts_with('\t') {
                        value.push(' ');
                        value.push_str(next.trim());
                        lines.next();
                    } else {
                        break;
                    }
                }
                return Some(value);
            }
        }
        None
    }
}

/// Decodes a received mail: headers, subject (RFC 2047), and the text and HTML parts.
pub fn read_mail(mail: &ReceivedMail) -> ReadMail {
    let data = mail.data.replace("\r\n", "\n");
    let (head, body) = data.split_once("\n\n").unwrap_or((&data, ""));
    let mut read = ReadMail {
        headers: head.to_string(),
        ..Default::default()
    };
    read.subject = read
        .header("Subject")
        .map(|s| decode_words(&s))
        .unwrap_or_default();
    let content_type = read.header("Content-Type").unwrap_or_default();
    if let Some(boundary) = boundary_of(&content_type) {
        for part in body.split(&format!("--{boundary}")).skip(1) {
            let part = part.trim_start_matches('\n');
            if part.starts_with("--") {
                break;
            }
            let (part_head, part_body) = part.split_once("\n\n").unwrap_or((part, ""));
            let lower = part_head.to_ascii_lowercase();
            let decoded = decode_body(&lower, part_body);
            if lower.contains("text/plain") {
                read.text = decoded;
            } else if lower.contains("text/html") {
                read.html = decoded;
            }
        }
    } else {
        let lower = head.to_ascii_lowercase();
        let decoded = decode_body(&lower, body);
        if lower.contains("text/html") {
            read.html = decoded;
        } else {
            read.text = decoded;
        }
    }
    read
}

fn boundary_of(content_type: &str) -> Option<String> {
    let at = content_type.find("boundary=")? + "boundary=".len();
    let rest = &content_type[at..];
    let value = rest.trim_start_matches('"');
    let end = value.find(['"', ';', ' ']).unwrap_or(value.len());
    Some(value[..end].to_string())
}

fn decode_body(head_lower: &str, body: &str) -> String {
    use base64::Engine;
    if head_lower.contains("content-transfer-encoding: base64") {
        let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(clean)
                .expect("base64 body"),
        )
        .expect("utf-8 body")
    } else if head_lower.contains("content-transfer-encoding: quoted-printable") {
        quoted_printable(&body.replace("=\n", ""))
    } else {
        body.to_string()
    }
}

fn quoted_printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 quoted-printable")
}

/// `=?utf-8?b?...?=` and `=?utf-8?q?...?=` words, as lettre writes a subject that is not ASCII.
fn decode_words(value: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    for word in value.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            let inner = &word[10..word.len() - 2];
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(inner)
                .expect("base64 word");
            out.push_str(&String::from_utf8(bytes).expect("utf-8 word"));
        } else if lower.starts_with("=?utf-8?q?") && word.ends_with("?=") {
            let inner = word[10..word.len() - 2].replace('_', " ");
            out.push_str(&quoted_printable(&inner));
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
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
            .map(|e| (e.action, e.detail))
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
