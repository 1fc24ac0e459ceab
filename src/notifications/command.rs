//! The slash command's answers: `places` (the next events with places left), `inscrits
//! <event>` (who is registered, for a linked account whose role manages events), `aide`, and
//! `lier <code>` (links the Mattermost user to the account whose page shows the code).
//!
//! Mattermost sends the user's id and name, never their email: an account is matched by the
//! Mattermost `user_id` it was linked to, which its owner cannot change (a username can be
//! changed by its owner, so matching names would let anyone take another's name and rights).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::accounts::{Capability, users, users::User};
use crate::db::{DbConn, now};
use crate::error::{Error, Result};
use crate::events::{RegistrationStatus, agenda, registrations};
use crate::i18n::{Lang, dates};

use super::message::escape;

/// What was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Places,
    Registered(String),
    Link(String),
    Help,
}

/// Reads the command's text (what follows `/cheminement`), in French or in English.
pub fn parse(text: &str) -> Command {
    let text = text.trim();
    let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let rest = rest.trim().to_string();
    match word.to_lowercase().as_str() {
        "places" | "place" => Command::Places,
        "inscrits" | "inscriptions" | "registered" | "who" => Command::Registered(rest),
        "lier" | "link" => Command::Link(rest),
        _ => Command::Help,
    }
}

/// What the site is, for links and times.
pub struct Site {
    pub base: String,
    pub timezone: chrono_tz::Tz,
}

/// How many events `places` lists.
const EVENTS_LISTED: usize = 10;

/// The next events that take registrations, with their places left.
pub fn places(conn: &mut DbConn, lang: Lang, site: &Site) -> Result<String> {
    let at = now();
    let events: Vec<_> = agenda::coming(conn, at, None, 50)?
        .into_iter()
        .filter(|e| e.closed_reason(at).is_none())
        .take(EVENTS_LISTED)
        .collect();
    if events.is_empty() {
        return Ok(lang.t("chat_cmd_no_events").to_string());
    }
    let mut lines = vec![lang.t("chat_cmd_places_title").to_string()];
    for e in events {
        let when =
            dates::numeric_datetime(lang, &e.starts_at.and_utc().with_timezone(&site.timezone));
        let places = match e.places_left() {
            Some(0) => lang.t("chat_cmd_full").to_string(),
            Some(n) => lang.t_args("chat_digest_places_left", &[("n", (n as i64).into())]),
            None => lang.t("chat_digest_no_limit").to_string(),
        };
        let url = crate::urls::absolute(&site.base, &crate::urls::event(&e.slug));
        lines.push(format!("- {when} [{}]({url}): {places}", escape(&e.title)));
    }
    Ok(lines.join("\n"))
}

/// Who is registered for the coming event whose address or title matches `query`: only for a
/// linked account whose role manages events.
pub fn registered(
    conn: &mut DbConn,
    lang: Lang,
    who: Option<&User>,
    query: &str,
) -> Result<String> {
    let Some(user) = who else {
        return Ok(lang.t("chat_cmd_unknown_user").to_string());
    };
    if !user.role().can(Capability::ManageEvents) {
        return Ok(lang.t("chat_cmd_not_allowed").to_string());
    }
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Ok(lang.t("chat_cmd_which_event").to_string());
    }
    let coming = agenda::coming(conn, now(), None, 200)?;
    let found = coming.iter().find(|e| e.slug == query).or_else(|| {
        coming
            .iter()
            .find(|e| e.title.to_lowercase().contains(&query))
    });
    let Some(event) = found else {
        return Ok(lang.t("chat_cmd_no_such_event").to_string());
    };
    let all = registrations::list(conn, event.id)?;
    let names = |status: RegistrationStatus| -> Vec<String> {
        all.iter()
            .filter(|r| r.status == status)
            .map(|r| escape(&r.name))
            .collect()
    };
    let confirmed = names(RegistrationStatus::Confirmed);
    let waiting = names(RegistrationStatus::Waitlisted);
    let pending = names(RegistrationStatus::Pending);
    let mut lines = vec![lang.t_args(
        "chat_cmd_registered_title",
        &[
            ("event", escape(&event.title).into()),
            ("n", (confirmed.len() as i64).into()),
        ],
    )];
    for name in &confirmed {
        lines.push(format!("- {name}"));
    }
    if !waiting.is_empty() {
        lines.push(lang.t_args(
            "chat_cmd_waiting",
            &[
                ("n", (waiting.len() as i64).into()),
                ("names", waiting.join(", ").into()),
            ],
        ));
    }
    if !pending.is_empty() {
        lines.push(lang.t_args(
            "chat_cmd_pending",
            &[
                ("n", (pending.len() as i64).into()),
                ("names", pending.join(", ").into()),
            ],
        ));
    }
    Ok(lines.join("\n"))
}

pub fn help(lang: Lang) -> String {
    lang.t("chat_cmd_help").to_string()
}

/// The code an account's page shows, to be typed after `lier` in Mattermost: the account's id
/// and a signature of it (with the key of the site's links and the account's password hash,
/// so that a new password makes an old code useless). Nothing is stored.
pub fn link_code(secret: &[u8], user: &User) -> String {
    format!("{}-{}", user.id, signature(secret, user))
}

/// The account a code names, if the code is right.
pub fn account_of_code(conn: &mut DbConn, secret: &[u8], code: &str) -> Result<Option<User>> {
    let Some((id, _)) = code.trim().split_once('-') else {
        return Ok(None);
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    let user = match users::find(conn, id) {
        Ok(u) => u,
        Err(Error::NotFound) | Err(Error::Db(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let expected = link_code(secret, &user);
    Ok(
        crate::accounts::tokens::constant_time_eq(expected.as_bytes(), code.trim().as_bytes())
            .then_some(user),
    )
}

fn signature(secret: &[u8], user: &User) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any size");
    mac.update(format!("chat-link:{}:{}", user.id, user.password_hash).as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_in_both_languages() {
        assert_eq!(parse("places"), Command::Places);
        assert_eq!(
            parse("  Inscrits  yoga du soir "),
            Command::Registered("yoga du soir".into())
        );
        assert_eq!(parse("registered yoga"), Command::Registered("yoga".into()));
        assert_eq!(parse("lier 3-abc"), Command::Link("3-abc".into()));
        assert_eq!(parse(""), Command::Help);
        assert_eq!(parse("n'importe quoi"), Command::Help);
    }
}
