//! Renewal reminders: a durable job that runs every morning (08:00 in the association's time
//! zone) and mails the members whose membership ends, or ended, a set number of days from
//! today (the settings in `period`). Each reminder goes once: a row in `membership_reminders`
//! is written in the same transaction as the queued mail. A day missed while the server was
//! down is caught up within a week.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{contacts, history, period};
use crate::app::effects::{Effect, record};
use crate::db::{Db, DbConn, now, schema::memberships};
use crate::error::{Error, Result};
use crate::i18n::{Lang, dates, msg};
use crate::jobs::{self, worker::JobError};
use crate::mail::Mail;

pub const JOB_KIND: &str = "membership-reminders";

/// The hour, local to the association, when the reminders go.
const HOUR: u32 = 8;
/// How many days late a reminder may still go (the server was down on its day).
const CATCH_UP_DAYS: u64 = 7;

/// The daily job's payload: always the same, so that one pending run is easy to find.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Daily {}

/// What the mails need to know of the association.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's address, without a trailing slash.
    pub base: String,
    pub name: String,
    pub timezone: chrono_tz::Tz,
}

impl Site {
    pub fn of(settings: &crate::config::Settings) -> Site {
        Site {
            base: settings.base().trim_end_matches('/').to_string(),
            name: settings.name.clone(),
            timezone: settings.timezone,
        }
    }

    /// Today in the association's time zone.
    pub fn today(&self) -> NaiveDate {
        now().and_utc().with_timezone(&self.timezone).date_naive()
    }
}

/// Makes sure the daily run is waiting in the queue: at the server's start, and by each run
/// for the next day. Returns whether one was added. A base without any membership has nothing
/// to remind of and keeps an empty queue: its first membership starts the run (`start_soon`).
pub fn ensure_scheduled(conn: &mut DbConn, tz: chrono_tz::Tz) -> Result<bool> {
    if jobs::is_pending(conn, JOB_KIND, &Daily {})? {
        return Ok(false);
    }
    let any = memberships::table
        .select(memberships::id)
        .first::<i64>(conn)
        .optional()?
        .is_some();
    if !any {
        return Ok(false);
    }
    jobs::enqueue_at(conn, JOB_KIND, &Daily {}, 5, next_run(now(), tz))?;
    Ok(true)
}

/// Starts the daily run, a minute from now, unless one is waiting: called when a membership is
/// recorded, in its transaction. The run then comes back every morning at 08:00.
pub fn start_soon(conn: &mut DbConn) -> Result<()> {
    if !jobs::is_pending(conn, JOB_KIND, &Daily {})? {
        jobs::enqueue_at(
            conn,
            JOB_KIND,
            &Daily {},
            5,
            now() + chrono::Duration::minutes(1),
        )?;
    }
    Ok(())
}

/// The next 08:00 in `tz` strictly after `after` (UTC), as a UTC time.
pub fn next_run(after: NaiveDateTime, tz: chrono_tz::Tz) -> NaiveDateTime {
    jobs::next_daily(
        after,
        NaiveTime::from_hms_opt(HOUR, 0, 0).unwrap_or_default(),
        tz,
    )
}

/// The job: schedules tomorrow's run first (so that a failure today breaks no chain), then
/// sends what is due today.
pub async fn run_job(db: Db, site: Site) -> Result<(), JobError> {
    db.run(move |c| {
        ensure_scheduled(c, site.timezone)?;
        let settings = period::load(c)?;
        send_due(c, &site, &settings, site.today()).map(|_| ())
    })
    .await
    .map_err(|e: Error| JobError::Retry(e.to_string()))
}

#[derive(QueryableByName, Debug)]
struct Due {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    contact_id: i64,
    #[diesel(sql_type = diesel::sql_types::Date)]
    ends_on: NaiveDate,
}

/// Sends the reminders due on `today` (or in the week before, if missed); returns how many
/// mails were queued. Only a contact's latest membership is reminded of: someone who renewed
/// gets nothing. Several reminders due at once (after a long stop) give only the latest one.
pub fn send_due(
    conn: &mut DbConn,
    site: &Site,
    settings: &period::Settings,
    today: NaiveDate,
) -> Result<usize> {
    let mut offsets = settings.offsets();
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    let mut sent = 0;
    for offset in offsets {
        for due in due_for(conn, offset, today)? {
            if remind(conn, site, &due, offset)? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// The memberships whose day for this reminder fell today or in the week before, that are
/// their contact's latest, and had neither this reminder nor a later one.
fn due_for(conn: &mut DbConn, offset: i32, today: NaiveDate) -> Result<Vec<Due>> {
    use diesel::sql_types::{Date, Integer};
    // The reminder's day is ends_on + offset: ends_on = day - offset.
    let shift = |day: NaiveDate| {
        if offset >= 0 {
            day.checked_sub_days(Days::new(offset as u64))
        } else {
            day.checked_add_days(Days::new(offset.unsigned_abs().into()))
        }
        .unwrap_or(day)
    };
    let latest_day = shift(today);
    let earliest_day = shift(
        today
            .checked_sub_days(Days::new(CATCH_UP_DAYS))
            .unwrap_or(today),
    );
    // Parameters first appear in their order: SQLite numbers `$n` by appearance.
    let sql = "SELECT m.id AS id, m.contact_id AS contact_id, m.ends_on AS ends_on \
        FROM memberships m \
        WHERE m.ends_on >= $1 AND m.ends_on <= $2 \
          AND NOT EXISTS (SELECT 1 FROM membership_reminders r \
              WHERE r.membership_id = m.id AND r.offset_days >= $3) \
          AND NOT EXISTS (SELECT 1 FROM memberships n WHERE n.contact_id = m.contact_id \
              AND (n.ends_on > m.ends_on OR (n.ends_on = m.ends_on AND n.id > m.id))) \
          AND NOT EXISTS (SELECT 1 FROM membership_people p \
              JOIN memberships f ON f.id = p.membership_id \
              WHERE p.contact_id = m.contact_id AND f.ends_on > m.ends_on) \
        ORDER BY m.id";
    Ok(diesel::sql_query(sql)
        .bind::<Date, _>(earliest_day)
        .bind::<Date, _>(latest_day)
        .bind::<Integer, _>(offset)
        .load(conn)?)
}

/// Writes the reminder's row and queues its mail in one transaction. A row that is already
/// there (another process got there first) sends nothing. Nobody without a working address
/// is written to.
fn remind(conn: &mut DbConn, site: &Site, due: &Due, offset: i32) -> Result<bool> {
    use diesel::sql_types::{BigInt, Integer, Timestamp};
    crate::db::transaction(conn, |c| {
        let contact = contacts::find(c, due.contact_id)?;
        if !contact.can_receive_mail() {
            return Ok(false);
        }
        let inserted = diesel::sql_query(
            "INSERT INTO membership_reminders (membership_id, offset_days, sent_at) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind::<BigInt, _>(due.id)
        .bind::<Integer, _>(offset)
        .bind::<Timestamp, _>(now())
        .execute(c)?;
        if inserted == 0 {
            return Ok(false);
        }
        let to = contact.email.clone().unwrap_or_default();
        record(
            c,
            Effect::Mail(reminder_mail(site, &contact, due.ends_on, offset, to)),
        )?;
        history::record(
            c,
            contact.id,
            None,
            history::Action::Reminded,
            &format!("#{} {offset:+}", due.id),
        )?;
        Ok(true)
    })
}

/// The mail, in the contact's language: when the membership ends (or ended) and where to renew.
fn reminder_mail(
    site: &Site,
    contact: &contacts::Contact,
    ends_on: NaiveDate,
    offset: i32,
    to: String,
) -> Mail {
    let lang = Lang::from_code(&contact.lang);
    let date = dates::date(lang, &ends_on);
    let hello = lang.greeting(&contact.first_name);
    let key = if offset < 0 {
        msg("reminder_subject_ends")
    } else {
        msg("reminder_subject_ended")
    };
    let subject = lang.t_args(
        key,
        &[("name", site.name.as_str().into()), ("date", date.into())],
    );
    let text = lang.t_args(
        "reminder_mail",
        &[
            ("hello", hello.into()),
            ("news", subject.as_str().into()),
            ("base", site.base.as_str().into()),
            ("name", site.name.as_str().into()),
        ],
    ) + "\n";
    Mail {
        to,
        subject,
        text,
        html: None,
        headers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn the_daily_run_is_at_eight_in_the_association_time_zone() {
        let paris = chrono_tz::Europe::Paris;
        // 06:30 UTC in winter is 07:30 in Paris: today at 08:00 Paris, 07:00 UTC.
        assert_eq!(
            next_run(utc(2026, 1, 10, 6, 30), paris),
            utc(2026, 1, 10, 7, 0)
        );
        // 07:00 UTC is 08:00 in Paris: the run after is tomorrow's.
        assert_eq!(
            next_run(utc(2026, 1, 10, 7, 0), paris),
            utc(2026, 1, 11, 7, 0)
        );
        // Summer time: 08:00 in Paris is 06:00 UTC.
        assert_eq!(
            next_run(utc(2026, 7, 10, 12, 0), paris),
            utc(2026, 7, 11, 6, 0)
        );
        // Late evening UTC is already tomorrow in Nouméa.
        let noumea = chrono_tz::Pacific::Noumea;
        assert_eq!(
            next_run(utc(2026, 1, 10, 22, 0), noumea),
            utc(2026, 1, 11, 21, 0)
        );
    }

    #[test]
    fn dates_in_mails_are_written_out() {
        let day = NaiveDate::from_ymd_opt(2027, 8, 31).unwrap();
        assert_eq!(dates::date(Lang::Fr, &day), "31 août 2027");
        assert_eq!(dates::date(Lang::En, &day), "31 August 2027");
    }
}
