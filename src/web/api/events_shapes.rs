//! The shapes the events API sends and reads: an event, its status, its hold settings, a
//! series' rule and edits, each built from the domain's row or turned into the domain's
//! input. They are the API's own, so that a change of a table is not a change of the JSON a
//! script reads (or of the OpenAPI document that describes it).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::events::{self as domain, holds, series};

#[derive(Clone, Copy, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    Scheduled,
    Postponed,
    Cancelled,
}

impl From<domain::EventStatus> for EventStatus {
    fn from(status: domain::EventStatus) -> Self {
        match status {
            domain::EventStatus::Scheduled => EventStatus::Scheduled,
            domain::EventStatus::Postponed => EventStatus::Postponed,
            domain::EventStatus::Cancelled => EventStatus::Cancelled,
        }
    }
}

impl From<EventStatus> for domain::EventStatus {
    fn from(status: EventStatus) -> Self {
        match status {
            EventStatus::Scheduled => domain::EventStatus::Scheduled,
            EventStatus::Postponed => domain::EventStatus::Postponed,
            EventStatus::Cancelled => domain::EventStatus::Cancelled,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
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

impl From<&domain::Event> for Event {
    fn from(e: &domain::Event) -> Self {
        Event {
            id: e.id,
            slug: e.slug.clone(),
            title: e.title.clone(),
            description_md: e.description_md.clone(),
            description_html: e.description_html.clone(),
            excerpt: e.excerpt.clone(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            timezone: e.timezone.clone(),
            place_name: e.place_name.clone(),
            place_address: e.place_address.clone(),
            latitude: e.latitude,
            longitude: e.longitude,
            online_url: e.online_url.clone(),
            image: e.image.clone(),
            category: e.category.clone(),
            capacity: e.capacity,
            confirmed_count: e.confirmed_count,
            registration_opens_at: e.registration_opens_at,
            registration_closes_at: e.registration_closes_at,
            requires_approval: e.requires_approval,
            takes_registrations: e.takes_registrations,
            status: e.status.into(),
            series_id: e.series_id,
            published: e.published,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An event's hold settings: columns of `events`, set with the event's other fields
/// (`EventInput`), read apart from `Event`.
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct HoldSettings {
    /// Web registrations hold their place until the visitor confirms from the mail.
    pub hold_registrations: bool,
    /// How long a visitor has to confirm, in minutes (never past the start).
    pub hold_minutes: i32,
}

impl From<holds::HoldSettings> for HoldSettings {
    fn from(h: holds::HoldSettings) -> Self {
        HoldSettings {
            hold_registrations: h.hold_registrations,
            hold_minutes: h.hold_minutes,
        }
    }
}

/// What an organizer types. Times are local to `timezone`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Local time in `timezone`, e.g. `2026-12-05T20:30`.
    #[serde(default, deserialize_with = "local_time")]
    #[schema(value_type = String)]
    pub starts_at: Option<NaiveDateTime>,
    #[serde(default, deserialize_with = "local_time")]
    #[schema(value_type = String)]
    pub ends_at: Option<NaiveDateTime>,
    /// IANA time zone; the association's when empty.
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub place_name: String,
    #[serde(default)]
    pub place_address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub image: Option<String>,
    #[serde(default)]
    pub category: String,
    /// Places; none for no limit.
    pub capacity: Option<i32>,
    #[schema(value_type = Option<String>)]
    #[serde(default, deserialize_with = "local_time")]
    pub registration_opens_at: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>)]
    #[serde(default, deserialize_with = "local_time")]
    pub registration_closes_at: Option<NaiveDateTime>,
    #[serde(default)]
    pub requires_approval: bool,
    #[serde(default = "yes")]
    pub takes_registrations: bool,
    #[serde(default = "scheduled")]
    pub status: EventStatus,
    #[serde(default = "yes")]
    pub published: bool,
    /// Web registrations hold their place until confirmed from the mail (on unless false).
    #[serde(default = "yes")]
    pub hold_registrations: bool,
    /// Minutes a visitor has to confirm (5 to 10080, a week); 120 when left out.
    #[serde(default = "hold_minutes")]
    pub hold_minutes: i32,
}

impl From<EventInput> for domain::EventInput {
    fn from(i: EventInput) -> Self {
        domain::EventInput {
            title: i.title,
            description: i.description,
            starts_at: i.starts_at,
            ends_at: i.ends_at,
            timezone: i.timezone,
            place_name: i.place_name,
            place_address: i.place_address,
            latitude: i.latitude,
            longitude: i.longitude,
            online_url: i.online_url,
            image: i.image,
            category: i.category,
            capacity: i.capacity,
            registration_opens_at: i.registration_opens_at,
            registration_closes_at: i.registration_closes_at,
            requires_approval: i.requires_approval,
            takes_registrations: i.takes_registrations,
            status: i.status.into(),
            published: i.published,
            hold_registrations: i.hold_registrations,
            hold_minutes: i.hold_minutes,
        }
    }
}

/// A local date and time as forms and scripts write it: `2026-12-05T20:30`, with or without
/// seconds (a browser's `datetime-local` leaves them out).
pub fn local_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDateTime>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .map(Some)
    .ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{text}` is not a date and time like 2026-12-05T20:30"
        ))
    })
}

fn hold_minutes() -> i32 {
    domain::agenda::HOLD_MINUTES
}

fn yes() -> bool {
    true
}

fn scheduled() -> EventStatus {
    EventStatus::Scheduled
}

/// When the occurrences are: one weekday, a start and an end time (local to the series' time
/// zone), the first and last date, and the dates left out (holidays).
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct SeriesRule {
    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub weekday: u8,
    /// Local time, `19:00`.
    #[schema(value_type = String, example = "19:00")]
    pub start_time: NaiveTime,
    /// Local time, `20:30`; earlier than the start means the next day.
    #[schema(value_type = String, example = "20:30")]
    pub end_time: NaiveTime,
    /// First date that may hold an occurrence.
    #[schema(value_type = String, example = "2026-09-01")]
    pub from: NaiveDate,
    /// Last date that may hold an occurrence (included).
    #[schema(value_type = String, example = "2027-06-30")]
    pub until: NaiveDate,
    /// Dates left out.
    #[serde(default)]
    #[schema(value_type = Vec<String>, example = json!(["2026-12-22", "2026-12-29"]))]
    pub except: Vec<NaiveDate>,
}

impl From<&series::SeriesRule> for SeriesRule {
    fn from(r: &series::SeriesRule) -> Self {
        SeriesRule {
            weekday: r.weekday,
            start_time: r.start_time,
            end_time: r.end_time,
            from: r.from,
            until: r.until,
            except: r.except.clone(),
        }
    }
}

impl From<SeriesRule> for series::SeriesRule {
    fn from(r: SeriesRule) -> Self {
        series::SeriesRule {
            weekday: r.weekday,
            start_time: r.start_time,
            end_time: r.end_time,
            from: r.from,
            until: r.until,
            except: r.except,
        }
    }
}

/// An edit of the whole series: the template's title, description, place, category, image,
/// capacity and registration settings go to every occurrence still to come; with `start_time`
/// and `end_time`, those occurrences move to the new times on their own dates.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SeriesEdit {
    pub event: EventInput,
    #[schema(value_type = Option<String>, example = "19:30")]
    pub start_time: Option<NaiveTime>,
    #[schema(value_type = Option<String>, example = "21:00")]
    pub end_time: Option<NaiveTime>,
}

impl From<SeriesEdit> for series::SeriesEdit {
    fn from(e: SeriesEdit) -> Self {
        series::SeriesEdit {
            event: e.event.into(),
            start_time: e.start_time,
            end_time: e.end_time,
        }
    }
}
