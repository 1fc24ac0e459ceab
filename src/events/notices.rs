//! Telling people what became of their registration, on the channel they used: a mail for the
//! web form; for the fediverse, an `Answer` that the federation face turns into an activity
//! (an `Accept` or `Reject` of a `Join`, or a direct message). Both are effects, recorded in
//! the same transaction as the change.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{
    agenda::Event,
    registrations::{Registration, RegistrationStatus},
};
use crate::app::effects::{Answer, Effect, record};
use crate::db::DbConn;
use crate::error::Result;
use crate::i18n::{Lang, dates, msg};
use crate::mail;

/// Has the event's numbers republished (a minute from now, once for all the changes of that
/// minute). Every change to the registrations calls it, whatever its channel.
pub fn counts_changed(conn: &mut DbConn, event_id: i64) -> Result<()> {
    record(conn, Effect::Counts { event_id })
}

/// What happened to a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "notice", content = "position")]
pub enum Notice {
    Confirmed,
    Waitlisted(i64),
    Pending,
    /// Confirmed after waiting: a seat freed up.
    Promoted,
    Refused,
    /// The person's own cancellation, acknowledged.
    Cancelled,
    EventCancelled,
    /// A message from the organizers to everyone registered.
    Message,
}

/// What a notice needs to know of the site: its address, its name, and the key that signs
/// cancel links.
#[derive(Clone)]
pub struct Links {
    pub base: String,
    pub site_name: String,
    pub secret: Vec<u8>,
}

impl Links {
    pub fn event_url(&self, event: &Event) -> String {
        crate::urls::absolute(&self.base, &crate::urls::event(&event.slug))
    }

    /// A link that cancels this registration, with no login: the registration's id and a
    /// signature of it, so nothing needs storing and a link cannot be guessed or altered.
    pub fn cancel_url(&self, registration_id: i64) -> String {
        format!(
            "{}{}?token={}",
            self.base,
            crate::urls::registration_cancel(registration_id),
            self.cancel_token(registration_id)
        )
    }

    pub fn cancel_token(&self, registration_id: i64) -> String {
        self.token("cancel", registration_id)
    }

    pub fn check_cancel_token(&self, registration_id: i64, token: &str) -> bool {
        same(&self.cancel_token(registration_id), token)
    }

    /// The link that confirms a held web registration (`holds`), signed as the cancel link is
    /// but for another purpose, so that neither link can stand for the other.
    pub fn confirm_url(&self, registration_id: i64) -> String {
        format!(
            "{}{}?token={}",
            self.base,
            crate::urls::registration_confirm(registration_id),
            self.confirm_token(registration_id)
        )
    }

    pub fn confirm_token(&self, registration_id: i64) -> String {
        self.token("confirm", registration_id)
    }

    pub fn check_confirm_token(&self, registration_id: i64, token: &str) -> bool {
        same(&self.confirm_token(registration_id), token)
    }

    fn token(&self, purpose: &str, registration_id: i64) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any size");
        mac.update(format!("{purpose}:{registration_id}").as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// Compares a token with the one expected, in constant time.
fn same(expected: &str, token: &str) -> bool {
    crate::accounts::tokens::constant_time_eq(expected.as_bytes(), token.as_bytes())
}

/// Queues the answer to `registration` about `notice`.
pub fn tell(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
    notice: Notice,
) -> Result<()> {
    super::announce::to_chat(conn, links, event, registration, notice)?;
    let text = text(links, event, registration, notice);
    send(conn, links, event, registration, notice, text)
}

/// Sends the organizers' message to everyone registered (confirmed, waiting or pending), each
/// on their channel. Returns how many were written to.
pub fn message_all(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    message: &str,
) -> Result<usize> {
    let message = message.trim();
    if message.is_empty() {
        return Err(crate::error::Error::invalid("message", "required"));
    }
    let mut sent = 0;
    for registration in super::registrations::list(conn, event.id)? {
        if registration.status.is_active() {
            let intro = text(links, event, &registration, Notice::Message);
            let (head, foot) = intro.split_once("\n\n").unwrap_or((&intro, ""));
            send(
                conn,
                links,
                event,
                &registration,
                Notice::Message,
                format!("{head}\n\n{message}\n\n{foot}"),
            )?;
            sent += 1;
        }
    }
    Ok(sent)
}

fn send(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
    notice: Notice,
    text: String,
) -> Result<()> {
    if registration.channel.is_fediverse() {
        let answer = Answer {
            registration_id: registration.id,
            notice,
            cancel_url: links.cancel_url(registration.id),
            text,
        };
        return record(conn, Effect::Answer(answer));
    }
    let Some(to) = registration.email.clone() else {
        return Ok(());
    };
    let subject = format!(
        "{} · {}",
        subject(
            &registration.lang,
            notice,
            registration.awaits_confirmation()
        ),
        event.title
    );
    record(
        conn,
        Effect::Mail(mail::Mail {
            to,
            subject,
            text,
            html: None,
            headers: vec![],
        }),
    )
}

fn subject(lang: &str, notice: Notice, awaits_confirmation: bool) -> &'static str {
    let key = match notice {
        Notice::Confirmed | Notice::Promoted if awaits_confirmation => {
            msg("notice_subject_confirm_place")
        }
        Notice::Waitlisted(_) | Notice::Pending if awaits_confirmation => {
            msg("notice_subject_confirm_address")
        }
        Notice::Confirmed | Notice::Promoted => msg("notice_subject_confirmed"),
        Notice::Waitlisted(_) => msg("notice_subject_waitlisted"),
        Notice::Pending => msg("notice_subject_pending"),
        Notice::Refused => msg("notice_subject_refused"),
        Notice::Cancelled => msg("notice_subject_cancelled"),
        Notice::EventCancelled => msg("notice_subject_event_cancelled"),
        Notice::Message => msg("notice_subject_message"),
    };
    Lang::from_code(lang).t(key)
}

/// A date and time in the event's zone, as the person's language writes it.
fn local(event: &Event, t: chrono::NaiveDateTime, lang: Lang) -> String {
    dates::datetime_at(lang, &t.and_utc().with_timezone(&event.tz()))
}

/// For a web registration that waits for its confirmation: the link, and until when, with a
/// line break on either side (the messages place it between two sentences).
fn confirm_line(links: &Links, event: &Event, registration: &Registration, lang: Lang) -> String {
    let Some(until) = registration
        .hold_until
        .filter(|_| registration.awaits_confirmation())
    else {
        return String::new();
    };
    let line = lang.t_args(
        "notice_confirm_line",
        &[
            ("deadline", local(event, until, lang).into()),
            ("link", links.confirm_url(registration.id).into()),
        ],
    );
    format!("\n{line}\n")
}

/// The message itself, in the person's language: the same words by mail and by direct message.
pub fn text(links: &Links, event: &Event, registration: &Registration, notice: Notice) -> String {
    let lang = Lang::from_code(&registration.lang);
    let confirm = confirm_line(links, event, registration, lang);
    let held = !confirm.is_empty();
    let (key, position) = match notice {
        Notice::Confirmed if held => (msg("notice_held_confirmed"), 0),
        Notice::Promoted if held => (msg("notice_held_promoted"), 0),
        Notice::Waitlisted(p) if held => (msg("notice_held_waitlisted"), p),
        Notice::Pending if held => (msg("notice_held_pending"), 0),
        Notice::Confirmed => (msg("notice_confirmed"), 0),
        Notice::Promoted => (msg("notice_promoted"), 0),
        Notice::Waitlisted(p) => (msg("notice_waitlisted"), p),
        Notice::Pending => (msg("notice_pending"), 0),
        Notice::Refused => (msg("notice_refused"), 0),
        Notice::Cancelled => (msg("notice_cancelled"), 0),
        Notice::EventCancelled => (msg("notice_event_cancelled"), 0),
        // The organizers' own words are added by `message_all`.
        Notice::Message => (msg("notice_message"), 0),
    };
    let body = words(links, event, registration, lang, key, position, confirm);
    format!(
        "{body}\n\n{}\n-- \n{}\n",
        links.event_url(event),
        links.site_name
    )
}

/// One notice's words: every notice message takes the same variables.
fn words(
    links: &Links,
    event: &Event,
    registration: &Registration,
    lang: Lang,
    key: &str,
    position: i64,
    confirm: String,
) -> String {
    lang.t_args(
        key,
        &[
            ("title", event.title.as_str().into()),
            ("date", local(event, event.starts_at, lang).into()),
            ("cancel", links.cancel_url(registration.id).into()),
            ("position", position.into()),
            ("confirm", confirm.into()),
        ],
    )
}

/// Someone typed the address of a registration that is already active into the web form: the
/// page answered as for anyone, and this mail to that address says what stands (with the
/// confirm link again while it waits for one, and the cancel link).
pub fn tell_again(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
) -> Result<()> {
    let Some(to) = registration.email.clone() else {
        return Ok(());
    };
    let lang = Lang::from_code(&registration.lang);
    let confirm = confirm_line(links, event, registration, lang);
    let (key, position) = match registration.status {
        RegistrationStatus::Waitlisted => (
            msg("notice_already_waitlisted"),
            super::registrations::position(conn, registration)?,
        ),
        RegistrationStatus::Pending => (msg("notice_already_pending"), 0),
        _ if !confirm.is_empty() => (msg("notice_already_held"), 0),
        _ => (msg("notice_already_confirmed"), 0),
    };
    let body = words(links, event, registration, lang, key, position, confirm);
    let note = lang.t("notice_already_note");
    let subject = lang.t("notice_subject_already");
    let title = &event.title;
    record(
        conn,
        Effect::Mail(mail::Mail {
            to,
            subject: format!("{subject} · {title}"),
            text: format!(
                "{body}\n\n{note}\n\n{}\n-- \n{}\n",
                links.event_url(event),
                links.site_name
            ),
            html: None,
            headers: vec![],
        }),
    )
}
