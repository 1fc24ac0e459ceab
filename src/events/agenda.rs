//! Events: what, when (stored in UTC, entered and shown in the event's time zone), where,
//! how many places, and the registration window.

use chrono::{NaiveDateTime, TimeZone};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{DbConn, TextEnum, now, schema::events};
use crate::error::{Error, FieldError, Result};
use crate::site::{markdown, media, slugs};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    Scheduled,
    Postponed,
    Cancelled,
}

impl TextEnum for EventStatus {
    const ALL: &'static [Self] = &[
        EventStatus::Scheduled,
        EventStatus::Postponed,
        EventStatus::Cancelled,
    ];

    fn as_str(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Postponed => "postponed",
            EventStatus::Cancelled => "cancelled",
        }
    }
}

crate::stored_as_text!(EventStatus);

// serde: the event travels in job payloads (app::effects).
#[derive(Debug, Clone, Queryable, Selectable, Serialize, Deserialize)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub excerpt: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub timezone: String,
    pub place_name: String,
    pub place_address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub image: Option<String>,
    pub category: String,
    pub capacity: Option<i32>,
    pub confirmed_count: i32,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub requires_approval: bool,
    pub takes_registrations: bool,
    pub status: EventStatus,
    pub series_id: Option<i64>,
    pub published: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Event {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Europe::Paris)
    }

    /// Places left, never below zero; `None` when there is no limit.
    pub fn places_left(&self) -> Option<i32> {
        self.capacity.map(|c| (c - self.confirmed_count).max(0))
    }

    pub fn is_full(&self) -> bool {
        self.places_left() == Some(0)
    }

    /// Why registration is closed at `at`, or `None` when it is open.
    pub fn closed_reason(&self, at: NaiveDateTime) -> Option<&'static str> {
        if !self.takes_registrations || !self.published {
            Some("registration_not_offered")
        } else if self.status == EventStatus::Cancelled {
            Some("event_cancelled")
        } else if self.ends_at <= at {
            Some("event_past")
        } else if self.registration_opens_at.is_some_and(|t| at < t) {
            Some("registration_not_open_yet")
        } else if self.registration_closes_at.is_some_and(|t| at >= t) {
            Some("registration_closed")
        } else {
            None
        }
    }
}

/// What an organizer types. Times are local to `timezone`.
#[derive(Debug, Clone)]
pub struct EventInput {
    pub title: String,
    pub description: String,
    /// Local time in `timezone`, e.g. `2026-12-05T20:30`.
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    /// IANA time zone; the association's when empty.
    pub timezone: String,
    pub place_name: String,
    pub place_address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub image: Option<String>,
    pub category: String,
    /// Places; none for no limit.
    pub capacity: Option<i32>,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub requires_approval: bool,
    pub takes_registrations: bool,
    pub status: EventStatus,
    pub published: bool,
    /// Web registrations hold their place until confirmed from the mail (on unless false).
    pub hold_registrations: bool,
    /// Minutes a visitor has to confirm (5 to 10080, a week).
    pub hold_minutes: i32,
}

/// The default delay to confirm a web registration: two hours.
pub const HOLD_MINUTES: i32 = 120;

/// The checked values, in UTC.
struct Checked {
    tz: chrono_tz::Tz,
    image: Option<String>,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    opens: Option<NaiveDateTime>,
    closes: Option<NaiveDateTime>,
    online_url: Option<String>,
}

impl EventInput {
    /// Checks every field; the image against the media this server stores, hence `conn`.
    fn check(&self, conn: &mut DbConn, default_tz: chrono_tz::Tz) -> Result<Checked> {
        let mut errors = Vec::new();
        let image = self
            .image
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(str::to_string);
        if let Some(name) = &image
            && !media::is_stored_image(conn, name)?
        {
            errors.push(FieldError {
                field: "image",
                code: "image_invalid",
            });
        }
        if !(5..=10_080).contains(&self.hold_minutes) {
            errors.push(FieldError {
                field: "hold_minutes",
                code: "hold_minutes_invalid",
            });
        }
        let mut err = |field, code| errors.push(FieldError { field, code });
        if self.title.trim().is_empty() {
            err("title", "required");
        } else if self.title.trim().chars().count() > 200 {
            err("title", "too_long");
        }
        if self.description.len() > 100_000 {
            err("description", "too_long");
        }
        let tz = match self.timezone.trim() {
            "" => default_tz,
            name => name.parse().unwrap_or_else(|_| {
                err("timezone", "timezone_invalid");
                default_tz
            }),
        };
        let utc = |t: Option<NaiveDateTime>,
                   field: &'static str,
                   errs: &mut Vec<FieldError>|
         -> Option<NaiveDateTime> {
            let t = t?;
            match tz.from_local_datetime(&t).earliest() {
                Some(local) => Some(local.naive_utc()),
                None => {
                    errs.push(FieldError {
                        field,
                        code: "time_nonexistent",
                    });
                    None
                }
            }
        };
        let mut errs = Vec::new();
        let starts_at = utc(self.starts_at, "starts_at", &mut errs);
        let ends_at = utc(self.ends_at, "ends_at", &mut errs);
        let opens = utc(
            self.registration_opens_at,
            "registration_opens_at",
            &mut errs,
        );
        let closes = utc(
            self.registration_closes_at,
            "registration_closes_at",
            &mut errs,
        );
        errors.extend(errs);
        if self.starts_at.is_none() {
            errors.push(FieldError {
                field: "starts_at",
                code: "required",
            });
        }
        if self.ends_at.is_none() {
            errors.push(FieldError {
                field: "ends_at",
                code: "required",
            });
        }
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            errors.push(FieldError {
                field: "ends_at",
                code: "ends_before_start",
            });
        }
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            errors.push(FieldError {
                field: "registration_closes_at",
                code: "ends_before_start",
            });
        }
        if self.capacity.is_some_and(|c| !(1..=100_000).contains(&c)) {
            errors.push(FieldError {
                field: "capacity",
                code: "capacity_invalid",
            });
        }
        let online_url = self
            .online_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        if let Some(u) = &online_url
            && !url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        {
            errors.push(FieldError {
                field: "online_url",
                code: "url_invalid",
            });
        }
        if self.latitude.is_some_and(|l| !(-90.0..=90.0).contains(&l)) {
            errors.push(FieldError {
                field: "latitude",
                code: "coordinates_invalid",
            });
        }
        if self
            .longitude
            .is_some_and(|l| !(-180.0..=180.0).contains(&l))
        {
            errors.push(FieldError {
                field: "longitude",
                code: "coordinates_invalid",
            });
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(Checked {
            tz,
            image,
            starts_at: starts_at.expect("checked"),
            ends_at: ends_at.expect("checked"),
            opens,
            closes,
            online_url,
        })
    }
}

/// Creates an event (in series `series_id` when it is an occurrence of one).
pub fn create(
    conn: &mut DbConn,
    input: &EventInput,
    default_tz: chrono_tz::Tz,
    series_id: Option<i64>,
) -> Result<Event> {
    let c = input.check(conn, default_tz)?;
    let html = markdown::to_html(&input.description);
    let local_date = c
        .starts_at
        .and_utc()
        .with_timezone(&c.tz)
        .format("%Y-%m-%d")
        .to_string();
    let base = slugs::from_title(&format!("{} {local_date}", input.title), "event");
    let at = now();
    crate::db::transaction(conn, |conn| {
        let slug = slugs::unique(&base, |s| {
            Ok(events::table
                .filter(events::slug.eq(s))
                .count()
                .get_result::<i64>(conn)?
                > 0)
        })?;
        let id: i64 = diesel::insert_into(events::table)
            .values((
                events::slug.eq(&slug),
                events::title.eq(input.title.trim()),
                events::description_md.eq(&input.description),
                events::description_html.eq(&html),
                events::excerpt.eq(markdown::plain_text(&html, 280)),
                events::starts_at.eq(c.starts_at),
                events::ends_at.eq(c.ends_at),
                events::timezone.eq(c.tz.name()),
                events::place_name.eq(input.place_name.trim()),
                events::place_address.eq(input.place_address.trim()),
                events::latitude.eq(input.latitude),
                events::longitude.eq(input.longitude),
                events::online_url.eq(&c.online_url),
                events::image.eq(&c.image),
                events::category.eq(input.category.trim()),
                events::capacity.eq(input.capacity),
                events::confirmed_count.eq(0),
                events::registration_opens_at.eq(c.opens),
                events::registration_closes_at.eq(c.closes),
                events::requires_approval.eq(input.requires_approval),
                events::takes_registrations.eq(input.takes_registrations),
                events::status.eq(input.status),
                events::series_id.eq(series_id),
                events::published.eq(input.published),
                events::created_at.eq(at),
                events::updated_at.eq(at),
                events::hold_registrations.eq(input.hold_registrations),
                events::hold_minutes.eq(input.hold_minutes),
            ))
            .returning(events::id)
            .get_result(conn)?;
        find(conn, id)
    })
}

/// Saves an edit. Capacity goes through `registrations::set_capacity`, which promotes or
/// refuses to go below the confirmed count; the rest is written here.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    input: &EventInput,
    default_tz: chrono_tz::Tz,
) -> Result<Event> {
    let c = input.check(conn, default_tz)?;
    let html = markdown::to_html(&input.description);
    crate::db::transaction(conn, |conn| {
        find(conn, id)?;
        diesel::update(events::table.find(id))
            .set((
                events::title.eq(input.title.trim()),
                events::description_md.eq(&input.description),
                events::description_html.eq(&html),
                events::excerpt.eq(markdown::plain_text(&html, 280)),
                events::starts_at.eq(c.starts_at),
                events::ends_at.eq(c.ends_at),
                events::timezone.eq(c.tz.name()),
                events::place_name.eq(input.place_name.trim()),
                events::place_address.eq(input.place_address.trim()),
                events::latitude.eq(input.latitude),
                events::longitude.eq(input.longitude),
                events::online_url.eq(&c.online_url),
                events::image.eq(&c.image),
                events::category.eq(input.category.trim()),
                events::registration_opens_at.eq(c.opens),
                events::registration_closes_at.eq(c.closes),
                events::requires_approval.eq(input.requires_approval),
                events::takes_registrations.eq(input.takes_registrations),
                events::status.eq(input.status),
                events::published.eq(input.published),
                events::hold_registrations.eq(input.hold_registrations),
                events::hold_minutes.eq(input.hold_minutes),
                events::updated_at.eq(now()),
            ))
            .execute(conn)?;
        find(conn, id)
    })
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Event> {
    Ok(events::table
        .find(id)
        .select(Event::as_select())
        .first(conn)?)
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Event> {
    Ok(events::table
        .filter(events::slug.eq(slug))
        .select(Event::as_select())
        .first(conn)?)
}

pub fn find_published(conn: &mut DbConn, slug: &str) -> Result<Event> {
    Ok(events::table
        .filter(events::slug.eq(slug))
        .filter(events::published.eq(true))
        .select(Event::as_select())
        .first(conn)?)
}

/// Published events that end after `at`, soonest first; optionally of one category.
pub fn coming(
    conn: &mut DbConn,
    at: NaiveDateTime,
    category: Option<&str>,
    limit: i64,
) -> Result<Vec<Event>> {
    let mut q = events::table
        .filter(events::published.eq(true))
        .filter(events::ends_at.gt(at))
        .select(Event::as_select())
        .into_boxed();
    if let Some(c) = category {
        q = q.filter(events::category.eq(c.to_string()));
    }
    Ok(q.order((events::starts_at, events::id))
        .limit(limit)
        .load(conn)?)
}

/// Published events that ended before `at`, latest first.
pub fn past(
    conn: &mut DbConn,
    at: NaiveDateTime,
    category: Option<&str>,
    limit: i64,
) -> Result<Vec<Event>> {
    let mut q = events::table
        .filter(events::published.eq(true))
        .filter(events::ends_at.le(at))
        .select(Event::as_select())
        .into_boxed();
    if let Some(c) = category {
        q = q.filter(events::category.eq(c.to_string()));
    }
    Ok(q.order((events::starts_at.desc(), events::id.desc()))
        .limit(limit)
        .load(conn)?)
}

/// The categories in use, for the agenda's filter.
pub fn categories(conn: &mut DbConn) -> Result<Vec<String>> {
    Ok(events::table
        .filter(events::published.eq(true))
        .filter(events::category.ne(""))
        .select(events::category)
        .distinct()
        .order(events::category)
        .load(conn)?)
}

/// Every event, latest first: the dashboard's list.
pub fn all(conn: &mut DbConn) -> Result<Vec<Event>> {
    Ok(events::table
        .order(events::starts_at.desc())
        .select(Event::as_select())
        .load(conn)?)
}

pub fn delete(conn: &mut DbConn, id: i64) -> Result<Event> {
    let event = find(conn, id)?;
    diesel::delete(events::table.find(id)).execute(conn)?;
    Ok(event)
}

/// Published events that start in `[from, to)` (UTC), soonest first: a day's events, for the
/// chat's morning digest.
pub fn starting_between(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Event>> {
    Ok(events::table
        .filter(events::published.eq(true))
        .filter(events::starts_at.ge(from))
        .filter(events::starts_at.lt(to))
        .select(Event::as_select())
        .order((events::starts_at, events::id))
        .load(conn)?)
}
