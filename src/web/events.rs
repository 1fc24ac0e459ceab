//! The public agenda: the list of events, each event's page with its registration form, the
//! answer to a registration, the cancel link mailed to people, and the iCalendar files.
//!
//! The addresses are kept by calendar apps and other sites, so they never change: `/events`,
//! `/events.ics`, `/events/{slug}` (also the event's ActivityPub id, answered as JSON when asked
//! with `Accept: application/activity+json`) and `/events/{slug}.ics`.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

use super::{
    csrf::{AnonToken, CheckedForm},
    i18n::Lang,
    pages::{FormErrors, Layout, PageError, render},
};
use crate::App;
use crate::error::Error;
use crate::events::{
    Attendee, Channel, Event, EventStatus, Outcome, Registration, agenda,
    holds::{self, HoldSettings},
    registrations,
};
use crate::federation::{
    inbox::wants_activity_json, objects::event as ap_event, routes::activity_json,
};
use crate::site::pages;

/// How many coming events the agenda shows, and how many past ones.
const COMING: i64 = 200;
const PAST: i64 = 60;

// ---------------------------------------------------------------------------------------------
// Dates and places, as people read them

/// `samedi 5 décembre 2026` or `Saturday 5 December 2026`.
pub fn long_date<Tz: chrono::TimeZone>(lang: Lang, t: &DateTime<Tz>) -> String {
    crate::calendar::weekday_date(lang == Lang::En, t)
}

/// When an event is, in its own time zone: `samedi 5 décembre 2026, 20:30 – 22:30`; the zone
/// is named when it is not the association's.
pub fn event_when(lang: Lang, event: &Event, site_tz: chrono_tz::Tz) -> String {
    let tz = event.tz();
    let start = event.starts_at.and_utc().with_timezone(&tz);
    let end = event.ends_at.and_utc().with_timezone(&tz);
    let mut text = if start.date_naive() == end.date_naive() {
        format!(
            "{}, {} – {}",
            long_date(lang, &start),
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            long_date(lang, &start),
            start.format("%H:%M"),
            long_date(lang, &end),
            end.format("%H:%M")
        )
    };
    if tz != site_tz {
        text.push_str(&format!(" ({})", tz.name()));
    }
    text
}

/// `3 places left`, `full – waiting list`; nothing when there is no limit or no registration.
pub fn places_text(lang: Lang, event: &Event) -> Option<String> {
    if !event.takes_registrations || event.status() == EventStatus::Cancelled {
        return None;
    }
    let left = event.places_left()?;
    Some(match (left, lang) {
        (0, _) => lang.t("full_waiting_list").to_string(),
        (1, Lang::Fr) => "1 place restante".to_string(),
        (n, Lang::Fr) => format!("{n} places restantes"),
        (1, Lang::En) => "1 place left".to_string(),
        (n, Lang::En) => format!("{n} places left"),
    })
}

/// The place on one line: `Lieu Respirer, 12 rue des Lilas, Lyon`.
pub fn place_line(event: &Event) -> String {
    [event.place_name.as_str(), event.place_address.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn status_note(event: &Event) -> Option<&'static str> {
    match event.status() {
        EventStatus::Scheduled => None,
        EventStatus::Postponed => Some("event_postponed"),
        EventStatus::Cancelled => Some("event_cancelled"),
    }
}

/// An event as the agenda lists it.
pub struct EventCard {
    pub slug: String,
    pub title: String,
    pub when: String,
    pub iso: String,
    pub place: String,
    pub online: bool,
    pub category: String,
    pub places: Option<String>,
    pub full: bool,
    pub note: Option<&'static str>,
    pub excerpt: String,
}

impl EventCard {
    pub fn new(lang: Lang, site_tz: chrono_tz::Tz, e: &Event) -> EventCard {
        EventCard {
            slug: e.slug.clone(),
            title: e.title.clone(),
            when: event_when(lang, e, site_tz),
            iso: e.starts_at.and_utc().with_timezone(&e.tz()).to_rfc3339(),
            place: place_line(e),
            online: e.online_url.is_some(),
            category: e.category.clone(),
            places: places_text(lang, e),
            full: e.is_full(),
            note: status_note(e),
            excerpt: e.excerpt.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The agenda

#[derive(Deserialize, Default)]
pub struct AgendaQuery {
    past: Option<String>,
    category: Option<String>,
}

impl AgendaQuery {
    fn category(&self) -> Option<String> {
        self.category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
    }

    fn past(&self) -> bool {
        self.past
            .as_deref()
            .is_some_and(|p| !p.is_empty() && p != "0")
    }
}

#[derive(Template)]
#[template(path = "public/agenda.html")]
struct AgendaPage {
    l: Layout,
    events: Vec<EventCard>,
    past: bool,
    category: Option<String>,
    categories: Vec<String>,
    /// `?category=...` to keep the filter on the other links, or "".
    category_param: String,
}

pub async fn agenda(
    State(app): State<App>,
    lang: Lang,
    Query(q): Query<AgendaQuery>,
) -> Result<Response, PageError> {
    let past = q.past();
    let category = q.category();
    let wanted = category.clone();
    let (list, categories, menu) = app
        .db
        .read(move |c| {
            let at = crate::db::now();
            let list = if past {
                agenda::past(c, at, wanted.as_deref(), PAST)?
            } else {
                agenda::coming(c, at, wanted.as_deref(), COMING)?
            };
            Ok::<_, Error>((list, agenda::categories(c)?, pages::menu(c)?))
        })
        .await?;
    let tz = app.settings.timezone;
    let events = list.iter().map(|e| EventCard::new(lang, tz, e)).collect();
    let l = Layout::public(&app, lang, "/events", menu);
    let category_param = category
        .as_deref()
        .map(|c| format!("category={}", super::session::urlencode(c)))
        .unwrap_or_default();
    Ok(render(&AgendaPage {
        l,
        events,
        past,
        category,
        categories,
        category_param,
    }))
}

// ---------------------------------------------------------------------------------------------
// One event

/// What the visitor typed in the registration form.
#[derive(Deserialize, Default, Clone)]
pub struct RegisterForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Template)]
#[template(path = "public/event.html")]
struct EventPage {
    l: Layout,
    e: Event,
    when: String,
    iso_start: String,
    place: String,
    map_url: Option<String>,
    image_url: Option<String>,
    places: Option<String>,
    full: bool,
    note: Option<&'static str>,
    /// Why registration is closed (a message key), or `None` when the form is shown.
    closed: Option<&'static str>,
    form: RegisterForm,
    errors: FormErrors,
    ap_id: String,
}

impl EventPage {
    fn new(
        app: &App,
        l: Layout,
        (e, hold): (Event, HoldSettings),
        form: RegisterForm,
        errors: FormErrors,
    ) -> EventPage {
        let lang = l.lang;
        let tz = e.tz();
        let map_url = match (e.latitude, e.longitude) {
            (Some(lat), Some(lon)) => Some(format!(
                "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
            )),
            _ => None,
        };
        EventPage {
            when: event_when(lang, &e, app.settings.timezone),
            iso_start: e.starts_at.and_utc().with_timezone(&tz).to_rfc3339(),
            place: place_line(&e),
            map_url,
            image_url: e.image.as_ref().map(|i| format!("/media/{i}")),
            places: places_text(lang, &e),
            full: e.is_full(),
            note: status_note(&e),
            closed: if e.takes_registrations {
                hold.web_closed_reason(&e, crate::db::now())
            } else {
                None
            },
            ap_id: ap_event::id(app, &e),
            l,
            e,
            form,
            errors,
        }
    }
}

/// An event's page; its `Event` object for an ActivityPub client (the same address is the
/// object's id); or, with `.ics` at the end, the event as iCalendar.
pub async fn event(
    State(app): State<App>,
    lang: Lang,
    Path(slug): Path<String>,
    headers: HeaderMap,
    anon: AnonToken,
) -> Result<Response, PageError> {
    if let Some(slug) = slug.strip_suffix(".ics") {
        let slug = slug.to_string();
        let event = app
            .db
            .read(move |c| agenda::find_published(c, &slug))
            .await?;
        let body = calendar(&app, std::slice::from_ref(&event));
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{}.ics\"", event.slug),
                ),
            ],
            body,
        )
            .into_response());
    }
    if wants_activity_json(&headers) {
        return Ok(
            match app.db.read(move |c| agenda::find_published(c, &slug)).await {
                Ok(event) => activity_json(ap_event::document(&app, &event)),
                Err(_) => crate::federation::routes::not_found(),
            },
        );
    }
    let path = format!("/events/{slug}");
    let (event, menu) = app
        .db
        .read(move |c| Ok::<_, Error>((published_with_holds(c, &slug)?, pages::menu(c)?)))
        .await?;
    let l = Layout {
        csrf: if event.0.takes_registrations {
            anon.value()
        } else {
            String::new()
        },
        ..Layout::public(&app, lang, &path, menu)
    };
    Ok(render(&EventPage::new(
        &app,
        l,
        event,
        RegisterForm::default(),
        FormErrors::default(),
    )))
}

#[derive(Template)]
#[template(path = "public/registered.html")]
struct RegisteredPage {
    l: Layout,
    title: String,
    slug: String,
    when: String,
    /// `held`, `held_waitlisted`, `held_pending` (the event holds web registrations until they
    /// are confirmed), `confirmed`, `waitlisted`, `pending` (it does not), or `closed`. Never
    /// whether the address was registered before: that is for its owner, in the mail.
    outcome: &'static str,
    /// For `closed`: why, as a message key.
    reason: &'static str,
    email: String,
}

/// The registration form, posted. A mistake shows the form again with the error by its field
/// and what was typed; otherwise a page says what became of the registration, and a mail
/// follows (with the link to confirm a held place, and the link to cancel). An address
/// registered before gets the very page a newcomer would get now, and its mail says so.
pub async fn register(
    State(app): State<App>,
    lang: Lang,
    Path(slug): Path<String>,
    anon: AnonToken,
    CheckedForm(form): CheckedForm<RegisterForm>,
) -> Result<Response, PageError> {
    let path = format!("/events/{slug}");
    let ((event, hold), menu) = app
        .db
        .run(move |c| Ok::<_, Error>((published_with_holds(c, &slug)?, pages::menu(c)?)))
        .await?;
    let l = Layout {
        csrf: anon.value(),
        ..Layout::public(&app, lang, &path, menu)
    };
    let attendee = match Attendee::web(&form.name, &form.email, lang.code()) {
        Ok(a) => a,
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = EventPage::new(&app, l, (event, hold), form, errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    let message = form.message.clone();
    let outcome = crate::app::registrations::register(
        &app,
        event.id,
        attendee.clone(),
        Channel::Web,
        None,
        message,
    )
    .await?;
    let held = hold.hold_registrations;
    let (kind, reason, status) = match outcome {
        Outcome::Confirmed(_) => (if held { "held" } else { "confirmed" }, "", StatusCode::OK),
        Outcome::Waitlisted(..) => (waitlisted(held), "", StatusCode::OK),
        Outcome::Pending(_) => (pending(held), "", StatusCode::OK),
        // What a newcomer would have got, from the event as it was read before registering.
        Outcome::AlreadyRegistered(_) => {
            let kind = if event.requires_approval {
                pending(held)
            } else if event.is_full() {
                waitlisted(held)
            } else if held {
                "held"
            } else {
                "confirmed"
            };
            (kind, "", StatusCode::OK)
        }
        Outcome::Closed(reason) => ("closed", reason, StatusCode::CONFLICT),
    };
    let page = RegisteredPage {
        title: event.title.clone(),
        slug: event.slug.clone(),
        when: event_when(lang, &event, app.settings.timezone),
        outcome: kind,
        reason,
        email: attendee.email.unwrap_or_default(),
        l,
    };
    Ok((status, render(&page)).into_response())
}

/// A published event and its hold settings.
fn published_with_holds(
    c: &mut crate::db::DbConn,
    slug: &str,
) -> Result<(Event, HoldSettings), Error> {
    let event = agenda::find_published(c, slug)?;
    let hold = holds::settings(c, event.id)?;
    Ok((event, hold))
}

fn waitlisted(held: bool) -> &'static str {
    if held {
        "held_waitlisted"
    } else {
        "waitlisted"
    }
}

fn pending(held: bool) -> &'static str {
    if held { "held_pending" } else { "pending" }
}

// ---------------------------------------------------------------------------------------------
// The cancel link

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "public/cancel.html")]
struct CancelPage {
    l: Layout,
    /// `confirm` (the button), `done`, `already` (nothing left to cancel), `invalid` (a link
    /// that is not ours) or `gone` (the registration no longer exists).
    state: &'static str,
    id: i64,
    token: String,
    title: String,
    slug: String,
    when: String,
    name: String,
    was_confirmed: bool,
}

impl CancelPage {
    fn new(l: Layout, state: &'static str, id: i64) -> CancelPage {
        CancelPage {
            l,
            state,
            id,
            token: String::new(),
            title: String::new(),
            slug: String::new(),
            when: String::new(),
            name: String::new(),
            was_confirmed: false,
        }
    }

    fn about(mut self, app: &App, event: &Event, r: &Registration) -> CancelPage {
        self.title = event.title.clone();
        self.slug = event.slug.clone();
        self.when = event_when(self.l.lang, event, app.settings.timezone);
        self.name = r.name.clone();
        self
    }
}

/// A registration and its event, or `None` when the registration does not exist (shared with
/// the confirm pages of `holds`).
pub(super) async fn registration_and_event(
    app: &App,
    id: i64,
) -> Result<Option<(Registration, Event)>, Error> {
    app.db
        .read(move |c| {
            let r = match registrations::find(c, id) {
                Ok(r) => r,
                Err(Error::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            };
            let e = agenda::find(c, r.event_id)?;
            Ok(Some((r, e)))
        })
        .await
}

/// The link from the mail: a page that says what will be cancelled, with a button. Nothing
/// changes on GET (mail scanners follow links).
pub async fn cancel_form(
    State(app): State<App>,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
    anon: AnonToken,
) -> Result<Response, PageError> {
    let path = format!("/registrations/{id}/cancel");
    if !app.links.check_cancel_token(id, &q.token) {
        let l = super::pages::layout(&app, lang, &path, String::new()).await?;
        let page = CancelPage::new(l, "invalid", id);
        return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let l = super::pages::layout(&app, lang, &path, anon.value()).await?;
    let Some((r, event)) = registration_and_event(&app, id).await? else {
        let page = CancelPage::new(l, "gone", id);
        return Ok((StatusCode::NOT_FOUND, render(&page)).into_response());
    };
    let state = if r.status().is_active() {
        "confirm"
    } else {
        "already"
    };
    let mut page = CancelPage::new(l, state, id).about(&app, &event, &r);
    page.token = q.token;
    page.was_confirmed = r.status() == crate::events::RegistrationStatus::Confirmed;
    Ok(render(&page))
}

/// The button: cancels the registration (a freed seat goes to the first person waiting, who
/// is told). Twice is harmless.
pub async fn cancel(
    State(app): State<App>,
    lang: Lang,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CancelForm>,
) -> Result<Response, PageError> {
    let path = format!("/registrations/{id}/cancel");
    let l = super::pages::layout(&app, lang, &path, String::new()).await?;
    if !app.links.check_cancel_token(id, &form.token) {
        let page = CancelPage::new(l, "invalid", id);
        return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let Some((before, event)) = registration_and_event(&app, id).await? else {
        let page = CancelPage::new(l, "gone", id);
        return Ok((StatusCode::NOT_FOUND, render(&page)).into_response());
    };
    if !before.status().is_active() {
        let page = CancelPage::new(l, "already", id).about(&app, &event, &before);
        return Ok(render(&page));
    }
    let r = crate::app::registrations::cancel(&app, id).await?;
    let page = CancelPage::new(l, "done", id).about(&app, &event, &r);
    Ok(render(&page))
}

// ---------------------------------------------------------------------------------------------
// iCalendar

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
    let url = ap_event::id(app, e);
    let mut v = icalendar::Event::new();
    v.uid(&format!("event-{}@{}", e.id, app.settings.domain()))
        .timestamp(utc(e.updated_at))
        .created(utc(e.created_at))
        .last_modified(utc(e.updated_at))
        .starts(utc(e.starts_at))
        .ends(utc(e.ends_at))
        .summary(&ics_text(&e.title))
        .url(&url)
        .status(match e.status() {
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

/// The coming events as an Atom feed, for feed readers.
pub async fn agenda_atom(State(app): State<App>) -> Result<Response, PageError> {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let events = app
        .db
        .read(|c| agenda::coming(c, crate::db::now(), None, 50))
        .await?;
    let lang = Lang::parse(&app.settings.default_lang).unwrap_or(Lang::Fr);
    let tz = app.settings.timezone;
    let updated = events
        .iter()
        .map(|e| e.updated_at)
        .max()
        .unwrap_or_else(crate::db::now)
        .and_utc()
        .fixed_offset();
    let entries = events
        .iter()
        .map(|e| {
            let url = ap_event::id(&app, e);
            let when = event_when(lang, e, tz);
            let place = place_line(e);
            let mut summary = when.clone();
            if !place.is_empty() {
                summary.push_str(" · ");
                summary.push_str(&place);
            }
            Entry {
                id: url.clone(),
                title: Text::plain(format!("{} — {when}", e.title)),
                updated: e.updated_at.and_utc().fixed_offset(),
                published: Some(e.created_at.and_utc().fixed_offset()),
                links: vec![Link {
                    href: url,
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                summary: Some(Text::plain(summary)),
                content: Some(Content {
                    value: Some(e.description_html.clone()),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: app.settings.url("/events.atom"),
        title: Text::plain(format!("{} · {}", app.settings.name, lang.t("agenda"))),
        updated,
        authors: vec![Person {
            name: app.settings.name.clone(),
            uri: Some(app.settings.url("/")),
            ..Default::default()
        }],
        links: vec![
            Link {
                href: app.settings.url("/events.atom"),
                rel: "self".into(),
                ..Default::default()
            },
            Link {
                href: app.settings.url("/events"),
                rel: "alternate".into(),
                ..Default::default()
            },
        ],
        entries,
        ..Default::default()
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_opt(19, 30, 0)
            .unwrap()
            .and_utc()
            .with_timezone(&chrono_tz::Europe::Paris);
        assert_eq!(long_date(Lang::Fr, &t), "samedi 5 décembre 2026");
        assert_eq!(long_date(Lang::En, &t), "Saturday 5 December 2026");
    }
}
