//! iCalendar: one event, or the agenda for calendar apps to subscribe to.

use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDateTime};

use super::{AgendaQuery, PAST, place_line};
use crate::App;
use crate::error::Error;
use crate::events::{Event, EventStatus, agenda};
use crate::web::pages::PageError;

/// Text for an iCalendar value: control characters (a stray CR) become spaces.
fn ics_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

fn utc(t: NaiveDateTime) -> DateTime<chrono::Utc> {
    t.and_utc()
}

/// One `VEVENT`: times in UTC (`...Z`), which every calendar app shows in its own zone; the UID
/// is the event's id at this site, so a calendar that reads the feed again updates it in place.
pub fn ics_event(app: &App, e: &Event) -> icalendar::Event {
    use icalendar::{Component, EventLike, Property};
    let url = app.settings.url(&crate::urls::event(&e.slug));
    let mut v = icalendar::Event::new();
    v.uid(&format!("event-{}@{}", e.id, app.settings.domain()))
        .timestamp(utc(e.updated_at))
        .created(utc(e.created_at))
        .last_modified(utc(e.updated_at))
        .starts(utc(e.starts_at))
        .ends(utc(e.ends_at))
        .summary(&ics_text(&e.title))
        .url(&url)
        .status(match e.status {
            EventStatus::Scheduled => icalendar::EventStatus::Confirmed,
            EventStatus::Postponed => icalendar::EventStatus::Tentative,
            EventStatus::Cancelled => icalendar::EventStatus::Cancelled,
        });
    let mut description = ics_text(&e.excerpt);
    if let Some(online) = &e.online_url {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(online);
    }
    if !description.is_empty() {
        v.description(&description);
    }
    let place = place_line(e);
    match (&place, &e.online_url) {
        (p, _) if !p.is_empty() => {
            v.location(&ics_text(p));
        }
        (_, Some(online)) => {
            v.location(online);
        }
        _ => {}
    }
    if let (Some(lat), Some(lon)) = (e.latitude, e.longitude) {
        v.append_property(Property::new("GEO", format!("{lat};{lon}")));
    }
    if !e.category.is_empty() {
        v.add_property("CATEGORIES", ics_text(&e.category).replace(',', "\\,"));
    }
    v.done()
}

/// A calendar of these events, as text.
pub fn calendar(app: &App, events: &[Event]) -> String {
    use icalendar::Property;
    let mut cal = icalendar::Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//Cheminement//Agenda//FR"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(&ics_text(&app.settings.name));
    cal.timezone(app.settings.timezone.name());
    cal.ttl(&chrono::Duration::hours(1));
    for e in events {
        cal.push(ics_event(app, e));
    }
    cal.done().to_string()
}

/// The agenda as iCalendar, for calendar apps to subscribe to: what is coming and what has
/// just passed (so that yesterday's event does not vanish from people's calendars).
pub async fn agenda_ics(
    State(app): State<App>,
    Query(q): Query<AgendaQuery>,
) -> Result<Response, PageError> {
    let category = q.category();
    let mut events = app
        .db
        .read(move |c| {
            let at = crate::db::now();
            let mut list = agenda::past(c, at, category.as_deref(), PAST)?;
            list.reverse();
            list.extend(agenda::coming(c, at, category.as_deref(), 1000)?);
            Ok::<_, Error>(list)
        })
        .await?;
    events.dedup_by_key(|e| e.id);
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        calendar(&app, &events),
    )
        .into_response())
}
