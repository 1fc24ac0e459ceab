//! The rules: where to post (an incoming webhook, optionally a channel), which kinds of notice,
//! and whether to post a digest each morning.

use chrono::{NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use super::NoticeKind;
use crate::db::{
    DbConn, now,
    schema::{chat_batches, notification_rules},
};
use crate::error::{Error, FieldError, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notification_rules)]
pub struct Rule {
    pub id: i64,
    pub name: String,
    pub webhook_url: String,
    pub channel: String,
    kinds: String,
    pub digest_at: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Rule {
    pub fn kinds(&self) -> Vec<NoticeKind> {
        NoticeKind::parse_list(&self.kinds)
    }

    pub fn carries(&self, kind: NoticeKind) -> bool {
        self.kinds().contains(&kind)
    }

    /// The local time of its morning digest, if it has one.
    pub fn digest_time(&self) -> Option<NaiveTime> {
        self.digest_at.as_deref().and_then(parse_time)
    }
}

/// A rule as typed: `digest_at` empty for no digest, else `HH:MM`.
#[derive(Debug, Clone, Default)]
pub struct RuleInput {
    pub name: String,
    pub webhook_url: String,
    pub channel: String,
    pub kinds: Vec<NoticeKind>,
    pub digest_at: String,
}

/// A rule checked: every mistake at once, each next to its field.
struct Checked {
    name: String,
    webhook_url: String,
    channel: String,
    kinds: String,
    digest_at: Option<String>,
}

impl RuleInput {
    fn check(&self) -> Result<Checked> {
        let mut errors = vec![];
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(FieldError {
                field: "name",
                code: "required",
            });
        } else if name.chars().count() > 120 {
            errors.push(FieldError {
                field: "name",
                code: "too_long",
            });
        }
        let webhook_url = self.webhook_url.trim().to_string();
        match url::Url::parse(&webhook_url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => errors.push(FieldError {
                field: "webhook_url",
                code: "chat_url_not_http",
            }),
        }
        // Mattermost's channel names: the handle at the end of the channel's address.
        let channel = self
            .channel
            .trim()
            .trim_start_matches(['~', '#'])
            .to_string();
        if channel.len() > 64
            || !channel
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            errors.push(FieldError {
                field: "channel",
                code: "chat_channel_invalid",
            });
        }
        let digest_at = match self.digest_at.trim() {
            "" => None,
            text => match parse_time(text) {
                Some(t) => Some(t.format("%H:%M").to_string()),
                None => {
                    errors.push(FieldError {
                        field: "digest_at",
                        code: "chat_digest_time_invalid",
                    });
                    None
                }
            },
        };
        if self.kinds.is_empty() && self.digest_at.trim().is_empty() {
            errors.push(FieldError {
                field: "kinds",
                code: "chat_rule_carries_nothing",
            });
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let mut kinds = self.kinds.clone();
        kinds.sort();
        kinds.dedup();
        Ok(Checked {
            name,
            webhook_url,
            channel,
            kinds: NoticeKind::join(&kinds),
            digest_at,
        })
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

pub fn all(conn: &mut DbConn) -> Result<Vec<Rule>> {
    Ok(notification_rules::table
        .select(Rule::as_select())
        .order(notification_rules::id)
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Rule> {
    notification_rules::table
        .find(id)
        .select(Rule::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// The rules that carry this kind of notice.
pub fn wanting(conn: &mut DbConn, kind: NoticeKind) -> Result<Vec<Rule>> {
    // Few rules: read them all rather than match words inside the column.
    Ok(all(conn)?.into_iter().filter(|r| r.carries(kind)).collect())
}

pub fn create(conn: &mut DbConn, input: &RuleInput) -> Result<Rule> {
    let c = input.check()?;
    let at = now();
    let id: i64 = diesel::insert_into(notification_rules::table)
        .values((
            notification_rules::name.eq(&c.name),
            notification_rules::webhook_url.eq(&c.webhook_url),
            notification_rules::channel.eq(&c.channel),
            notification_rules::kinds.eq(&c.kinds),
            notification_rules::digest_at.eq(&c.digest_at),
            notification_rules::created_at.eq(at),
            notification_rules::updated_at.eq(at),
        ))
        .returning(notification_rules::id)
        .get_result(conn)?;
    find(conn, id)
}

pub fn update(conn: &mut DbConn, id: i64, input: &RuleInput) -> Result<Rule> {
    let c = input.check()?;
    let n = diesel::update(notification_rules::table.find(id))
        .set((
            notification_rules::name.eq(&c.name),
            notification_rules::webhook_url.eq(&c.webhook_url),
            notification_rules::channel.eq(&c.channel),
            notification_rules::kinds.eq(&c.kinds),
            notification_rules::digest_at.eq(&c.digest_at),
            notification_rules::updated_at.eq(now()),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    find(conn, id)
}

/// Deletes a rule and what waited for its next message.
pub fn delete(conn: &mut DbConn, id: i64) -> Result<()> {
    diesel::delete(chat_batches::table.filter(chat_batches::rule_id.eq(id))).execute(conn)?;
    let n = diesel::delete(notification_rules::table.find(id)).execute(conn)?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RuleInput {
        RuleInput {
            name: "Équipe".into(),
            webhook_url: "https://chat.example/hooks/abc".into(),
            channel: "~accueil".into(),
            kinds: vec![NoticeKind::Registration],
            digest_at: "8:00".into(),
        }
    }

    #[test]
    fn a_good_rule_is_cleaned() {
        let c = input().check().unwrap();
        assert_eq!(c.channel, "accueil");
        assert_eq!(c.digest_at.as_deref(), Some("08:00"));
        assert_eq!(c.kinds, "registration");
    }

    #[test]
    fn every_mistake_is_told_next_to_its_field() {
        let bad = RuleInput {
            name: " ".into(),
            webhook_url: "ftp://chat.example/x".into(),
            channel: "deux mots".into(),
            kinds: vec![],
            digest_at: "25:99".into(),
        };
        let Err(Error::Invalid(errors)) = bad.check() else {
            panic!("refused")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "webhook_url", "channel", "digest_at"]);
        let nothing = RuleInput {
            kinds: vec![],
            digest_at: String::new(),
            ..input()
        };
        let Err(Error::Invalid(errors)) = nothing.check() else {
            panic!("refused")
        };
        assert_eq!(errors[0].code, "chat_rule_carries_nothing");
    }
}
