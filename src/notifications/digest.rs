//! The morning digest of a rule: at its time (`digest_at`, in the association's time zone), one
//! message with the day's events and their places left, and how many registrations arrived
//! since yesterday. One `chat-digest` job per rule, which books the next morning before it posts.

use chrono::{Duration, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

use super::delivery::Chat;
use super::webhook::{Attachment, Field};
use super::{message, rules, rules::Rule};
use crate::db::{DbConn, now};
use crate::error::{Error, Result};
use crate::events::{Event, agenda, registrations};
use crate::i18n::{Lang, dates};
use crate::jobs::{self, worker::JobError};

pub const JOB_KIND: &str = "chat-digest";

/// The payload of a digest job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DigestJob {
    pub rule_id: i64,
}

/// Books the rule's next digest, replacing a booked one (its time may have changed); a rule
/// without a digest has none booked. Call it when a rule is saved, in its transaction.
pub fn schedule(conn: &mut DbConn, rule: &Rule, tz: chrono_tz::Tz) -> Result<()> {
    let job = DigestJob { rule_id: rule.id };
    jobs::cancel_pending(conn, JOB_KIND, &job)?;
    if let Some(at) = rule.digest_time() {
        jobs::enqueue_at(conn, JOB_KIND, &job, 5, next_at(now(), at, tz))?;
    }
    Ok(())
}

/// Books the next digest of every rule that has one and has none booked (at start).
pub fn ensure_all(conn: &mut DbConn, tz: chrono_tz::Tz) -> Result<()> {
    for rule in rules::all(conn)? {
        ensure(conn, &rule, tz)?;
    }
    Ok(())
}

fn ensure(conn: &mut DbConn, rule: &Rule, tz: chrono_tz::Tz) -> Result<()> {
    let job = DigestJob { rule_id: rule.id };
    if let Some(at) = rule.digest_time()
        && !jobs::is_pending(conn, JOB_KIND, &job)?
    {
        jobs::enqueue_at(conn, JOB_KIND, &job, 5, next_at(now(), at, tz))?;
    }
    Ok(())
}

/// The next `at` in `tz` strictly after `after` (UTC), as a UTC time.
pub fn next_at(after: NaiveDateTime, at: NaiveTime, tz: chrono_tz::Tz) -> NaiveDateTime {
    jobs::next_daily(after, at, tz)
}

/// Runs one digest job: books tomorrow's first (a failure today breaks no chain), then posts
/// today's.
pub async fn run(chat: Chat, tz: chrono_tz::Tz, payload: String) -> Result<(), JobError> {
    let job: DigestJob = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad chat-digest job: {e}")))?;
    let id = job.rule_id;
    let lang = chat.lang;
    let base = chat.base.clone();
    let found = chat
        .db
        .run(move |c| {
            let rule = match rules::find(c, id) {
                Ok(rule) => rule,
                Err(Error::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            };
            if rule.digest_time().is_none() {
                return Ok(None);
            }
            ensure(c, &rule, tz)?;
            let today = Today::read(c, tz, &base)?;
            Ok(Some((rule, today)))
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let Some((rule, today)) = found else {
        return Ok(());
    };
    let (text, attachments) = today.message(lang, tz);
    chat.post(&rule, &chat.payload(&rule, text, attachments))
        .await
}

/// What the morning message tells.
pub struct Today {
    pub day: chrono::NaiveDate,
    pub events: Vec<(Event, String)>,
    pub registrations_since_yesterday: i64,
}

impl Today {
    /// Today's events (in `tz`), with their addresses under `base`, and the registrations of
    /// the last 24 hours.
    pub fn read(conn: &mut DbConn, tz: chrono_tz::Tz, base: &str) -> Result<Today> {
        let at = now();
        let day = at.and_utc().with_timezone(&tz).date_naive();
        let start = |d: chrono::NaiveDate| {
            tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
                .earliest()
                .map(|t| t.naive_utc())
                .unwrap_or(d.and_time(NaiveTime::MIN))
        };
        let next = day.succ_opt().unwrap_or(day);
        let events = agenda::starting_between(conn, start(day), start(next))?
            .into_iter()
            .map(|e| {
                let url = crate::urls::absolute(base, &crate::urls::event(&e.slug));
                (e, url)
            })
            .collect();
        Ok(Today {
            day,
            events,
            registrations_since_yesterday: registrations::count_since(
                conn,
                at - Duration::hours(24),
            )?,
        })
    }

    /// The text, and one attachment per event with its numbers.
    pub fn message(&self, lang: Lang, tz: chrono_tz::Tz) -> (String, Vec<Attachment>) {
        let mut lines = vec![lang.t_args(
            "chat_digest_title",
            &[("day", dates::weekday_date(lang, &self.day).into())],
        )];
        if self.events.is_empty() {
            lines.push(lang.t("chat_digest_no_event").to_string());
        }
        let mut attachments = vec![];
        for (event, url) in &self.events {
            let local = event.starts_at.and_utc().with_timezone(&tz);
            let time = local.format("%H:%M").to_string();
            let places = match event.places_left() {
                Some(n) => lang.t_args("chat_digest_places_left", &[("n", (n as i64).into())]),
                None => lang.t("chat_digest_no_limit").to_string(),
            };
            lines.push(format!(
                "- {time} [{}]({url}): {places}",
                message::escape(&event.title)
            ));
            attachments.push(Attachment {
                fallback: format!("{time} {}: {places}", event.title),
                color: if event.is_full() {
                    "#c0392b"
                } else {
                    "#2e7d32"
                }
                .into(),
                title: format!("{time} · {}", event.title),
                title_link: Some(url.clone()),
                text: event.place_name.clone(),
                fields: vec![
                    Field {
                        short: true,
                        title: lang.t("chat_digest_registered").to_string(),
                        value: event.confirmed_count.to_string(),
                    },
                    Field {
                        short: true,
                        title: lang.t("chat_digest_places").to_string(),
                        value: places.clone(),
                    },
                ],
            });
        }
        lines.push(lang.t_args(
            "chat_digest_registrations",
            &[("n", self.registrations_since_yesterday.into())],
        ));
        (lines.join("\n"), attachments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_digest_is_at_its_local_time() {
        let tz = chrono_tz::Europe::Paris;
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 06:30 UTC in winter is 07:30 in Paris: 08:00 the same day, 07:00 UTC.
        assert_eq!(
            next_at(at("2026-12-04 06:30"), eight, tz),
            at("2026-12-04 07:00")
        );
        // 07:00 UTC is 08:00 in Paris: the next day.
        assert_eq!(
            next_at(at("2026-12-04 07:00"), eight, tz),
            at("2026-12-05 07:00")
        );
        // Summer: 08:00 in Paris is 06:00 UTC.
        assert_eq!(
            next_at(at("2026-07-01 10:00"), eight, tz),
            at("2026-07-02 06:00")
        );
    }
}
