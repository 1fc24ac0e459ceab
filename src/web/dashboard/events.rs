//! Events in the dashboard, for organizers: the list; create and edit an event; weekly series;
//! capacity; cancelling; per event the registrations (approve, refuse, cancel, check-in on a
//! phone), a printable check-in sheet, the CSV export, and a message to everyone registered.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::error::{Error, FieldError};
use crate::events::{
    Event, EventInput, EventStatus, Registration, RegistrationStatus, agenda, notices,
    registrations,
    series::{self, SeriesEdit, SeriesRule},
};
use crate::web::{
    csrf::CheckedForm,
    event_changes,
    events::{event_when, place_line},
    i18n::Lang,
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
};

/// Time zones offered first in the form (any IANA name is accepted).
const TIMEZONES: [&str; 14] = [
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Zurich",
    "Europe/London",
    "America/Montreal",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "UTC",
];

// ---------------------------------------------------------------------------------------------
// The form, as typed

/// The event form as posted: every field as typed, so that a mistake shows it again unchanged.
/// The series form adds its rule's fields.
#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub place_name: String,
    #[serde(default)]
    pub place_address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub registration_opens_at: String,
    #[serde(default)]
    pub registration_closes_at: String,
    pub requires_approval: Option<String>,
    pub takes_registrations: Option<String>,
    pub published: Option<String>,
    #[serde(default)]
    pub status: String,
    // The series' rule.
    #[serde(default)]
    pub weekday: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub except: String,
}

fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

fn local_text(t: NaiveDateTime, tz: chrono_tz::Tz) -> String {
    t.and_utc()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn on(checked: bool) -> Option<String> {
    checked.then(|| "on".to_string())
}

impl EventForm {
    /// An empty form: open registration, published, the association's time zone.
    fn blank(app: &App) -> EventForm {
        EventForm {
            timezone: app.settings.timezone.name().to_string(),
            takes_registrations: on(true),
            published: on(true),
            status: "scheduled".into(),
            weekday: "2".into(),
            ..EventForm::default()
        }
    }

    fn from_event(e: &Event) -> EventForm {
        let tz = e.tz();
        EventForm {
            title: e.title.clone(),
            description: e.description_md.clone(),
            starts_at: local_text(e.starts_at, tz),
            ends_at: local_text(e.ends_at, tz),
            timezone: e.timezone.clone(),
            place_name: e.place_name.clone(),
            place_address: e.place_address.clone(),
            latitude: e.latitude.map(|l| l.to_string()).unwrap_or_default(),
            longitude: e.longitude.map(|l| l.to_string()).unwrap_or_default(),
            online_url: e.online_url.clone().unwrap_or_default(),
            image: e.image.clone().unwrap_or_default(),
            category: e.category.clone(),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            registration_opens_at: e
                .registration_opens_at
                .map(|t| local_text(t, tz))
                .unwrap_or_default(),
            registration_closes_at: e
                .registration_closes_at
                .map(|t| local_text(t, tz))
                .unwrap_or_default(),
            requires_approval: on(e.requires_approval),
            takes_registrations: on(e.takes_registrations),
            published: on(e.published),
            status: e.status.clone(),
            ..EventForm::default()
        }
    }

    /// The domain's input, and the mistakes found while reading the fields (a date that is
    /// not a date, a capacity that is not a number).
    fn input(&self) -> (EventInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut time = |text: &str, field: &'static str| -> Option<NaiveDateTime> {
            if text.trim().is_empty() {
                return None;
            }
            let t = parse_local(text);
            if t.is_none() {
                errors.push(FieldError {
                    field,
                    code: "datetime_invalid",
                });
            }
            t
        };
        let starts_at = time(&self.starts_at, "starts_at");
        let ends_at = time(&self.ends_at, "ends_at");
        let opens = time(&self.registration_opens_at, "registration_opens_at");
        let closes = time(&self.registration_closes_at, "registration_closes_at");
        let mut number = |text: &str, field: &'static str| -> Option<f64> {
            let text = text.trim().replace(',', ".");
            if text.is_empty() {
                return None;
            }
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    errors.push(FieldError {
                        field,
                        code: "coordinates_invalid",
                    });
                    None
                }
            }
        };
        let latitude = number(&self.latitude, "latitude");
        let longitude = number(&self.longitude, "longitude");
        let capacity = match self.capacity.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(FieldError {
                        field: "capacity",
                        code: "capacity_invalid",
                    });
                    None
                }
            },
        };
        let nonempty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let input = EventInput {
            title: self.title.clone(),
            description: self.description.clone(),
            starts_at,
            ends_at,
            timezone: self.timezone.trim().to_string(),
            place_name: self.place_name.clone(),
            place_address: self.place_address.clone(),
            latitude,
            longitude,
            online_url: nonempty(&self.online_url),
            image: nonempty(&self.image),
            category: self.category.clone(),
            capacity,
            registration_opens_at: opens,
            registration_closes_at: closes,
            requires_approval: self.requires_approval.is_some(),
            takes_registrations: self.takes_registrations.is_some(),
            status: EventStatus::parse(&self.status).unwrap_or(EventStatus::Scheduled),
            published: self.published.is_some(),
        };
        (input, errors)
    }

    /// The series' rule, and the mistakes found while reading its fields.
    fn rule(&self) -> (Option<SeriesRule>, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut bad = |field: &'static str, code: &'static str| {
            errors.push(FieldError { field, code });
        };
        let weekday = self.weekday.trim().parse::<u8>().ok();
        if weekday.is_none() {
            bad("weekday", "weekday_invalid");
        }
        let start = parse_time(&self.start_time);
        if start.is_none() {
            bad("start_time", "time_invalid");
        }
        let end = parse_time(&self.end_time);
        if end.is_none() {
            bad("end_time", "time_invalid");
        }
        let from = parse_day(&self.from);
        if from.is_none() {
            bad("from", "date_invalid");
        }
        let until = parse_day(&self.until);
        if until.is_none() {
            bad("until", "date_invalid");
        }
        let except = match series::parse_exceptions(&self.except) {
            Ok(dates) => Some(dates),
            Err(_) => {
                bad("except", "dates_invalid");
                None
            }
        };
        match (weekday, start, end, from, until, except) {
            (
                Some(weekday),
                Some(start_time),
                Some(end_time),
                Some(from),
                Some(until),
                Some(except),
            ) if errors.is_empty() => (
                Some(SeriesRule {
                    weekday,
                    start_time,
                    end_time,
                    from,
                    until,
                    except,
                }),
                errors,
            ),
            _ => (None, errors),
        }
    }
}

/// The form's own mistakes first (they say more), then the domain's for other fields.
fn merge(mut first: Vec<FieldError>, e: Error) -> Result<FormErrors, Error> {
    let more = FormErrors::from_error(e)?;
    for f in more.0 {
        if !first.iter().any(|g| g.field == f.field) {
            first.push(f);
        }
    }
    Ok(FormErrors(first))
}

/// What every form page with the event fields shows besides them.
pub struct Choices {
    pub timezones: Vec<&'static str>,
    pub categories: Vec<String>,
    pub images: Vec<(String, String)>,
    pub statuses: Vec<(&'static str, &'static str)>,
    pub weekdays: Vec<(u8, &'static str)>,
}

async fn choices(app: &App, lang: Lang) -> Result<Choices, Error> {
    let (categories, images) = app
        .db
        .run(|c| {
            let images = crate::site::media::all(c)?
                .into_iter()
                .filter(|m| m.content_type.starts_with("image/"))
                .map(|m| (m.stored_name, m.original_name))
                .collect::<Vec<_>>();
            Ok::<_, Error>((agenda::categories(c)?, images))
        })
        .await?;
    let weekdays = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .enumerate()
    .map(|(i, k)| (i as u8 + 1, lang.t(k)))
    .collect();
    Ok(Choices {
        timezones: TIMEZONES.to_vec(),
        categories,
        images,
        statuses: [
            EventStatus::Scheduled,
            EventStatus::Postponed,
            EventStatus::Cancelled,
        ]
        .iter()
        .map(|s| (s.as_str(), lang.t(&format!("status_{}", s.as_str()))))
        .collect(),
        weekdays,
    })
}

// ---------------------------------------------------------------------------------------------
// The list

pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub when: String,
    pub status: &'static str,
    pub published: bool,
    pub places: String,
    pub series_id: Option<i64>,
    pub past: bool,
}

#[derive(Template)]
#[template(path = "dashboard/events.html")]
struct ListPage {
    l: Layout,
    coming: Vec<EventRow>,
    past: Vec<EventRow>,
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let all = app.db.run(agenda::all).await?;
    let at = crate::db::now();
    let tz = app.settings.timezone;
    let (mut coming, mut past) = (Vec::new(), Vec::new());
    for e in all {
        let row = EventRow {
            id: e.id,
            slug: e.slug.clone(),
            title: e.title.clone(),
            when: event_when(lang, &e, tz),
            status: status_key(e.status()),
            published: e.published,
            places: match e.capacity {
                Some(c) => format!("{} / {c}", e.confirmed_count),
                None => e.confirmed_count.to_string(),
            },
            series_id: e.series_id,
            past: e.ends_at <= at,
        };
        if row.past {
            past.push(row);
        } else {
            coming.push(row);
        }
    }
    // Soonest first for what is coming; `agenda::all` is latest first.
    coming.reverse();
    let l = dash_layout(&app, lang, "/dashboard/events", &me).await?;
    Ok(render(&ListPage { l, coming, past }))
}

fn status_key(s: EventStatus) -> &'static str {
    match s {
        EventStatus::Scheduled => "status_scheduled",
        EventStatus::Postponed => "status_postponed",
        EventStatus::Cancelled => "status_cancelled",
    }
}

// ---------------------------------------------------------------------------------------------
// Create and edit one event

#[derive(Template)]
#[template(path = "dashboard/events_form.html")]
struct FormPage {
    l: Layout,
    heading: &'static str,
    action: String,
    id: Option<i64>,
    f: EventForm,
    errors: FormErrors,
    c: Choices,
    saved: bool,
    public_url: Option<String>,
    series_id: Option<i64>,
    cancelled: bool,
}

async fn form_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: Option<i64>,
    f: EventForm,
    errors: FormErrors,
) -> Result<FormPage, Error> {
    let path = id
        .map(|id| format!("/dashboard/events/{id}"))
        .unwrap_or("/dashboard/events/new".into());
    let l = dash_layout(app, lang, &path, me).await?;
    Ok(FormPage {
        heading: if id.is_some() {
            "edit_event"
        } else {
            "new_event"
        },
        action: path,
        id,
        f,
        errors,
        c: choices(app, lang).await?,
        saved: false,
        public_url: None,
        series_id: None,
        cancelled: false,
        l,
    })
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let f = EventForm::blank(&app);
    Ok(render(
        &form_page(&app, lang, &me, None, f, FormErrors::default()).await?,
    ))
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<super::SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let event = app.db.run(move |c| agenda::find(c, id)).await?;
    let mut page = form_page(
        &app,
        lang,
        &me,
        Some(id),
        EventForm::from_event(&event),
        FormErrors::default(),
    )
    .await?;
    page.saved = q.saved.is_some();
    page.public_url = event.published.then(|| format!("/events/{}", event.slug));
    page.series_id = event.series_id;
    page.cancelled = event.status() == EventStatus::Cancelled;
    Ok(render(&page))
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<EventForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    save(app, lang, me, None, form).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<EventForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    save(app, lang, me, Some(id), form).await
}

async fn save(
    app: App,
    lang: Lang,
    me: SignedIn,
    id: Option<i64>,
    form: EventForm,
) -> Result<Response, PageError> {
    let (input, mut read_errors) = form.input();
    let saved = if read_errors.is_empty() {
        match id {
            Some(id) => event_changes::update_event(&app, id, input).await,
            None => event_changes::create_event(&app, input).await,
        }
    } else {
        // Still ask the domain, so that every mistake is shown at once.
        Err(agenda_check(&app, &form).await)
    };
    match saved {
        Ok(event) => {
            Ok(Redirect::to(&format!("/dashboard/events/{}?saved=1", event.id)).into_response())
        }
        Err(e) => {
            let errors = merge(std::mem::take(&mut read_errors), e)?;
            let mut page = form_page(&app, lang, &me, id, form, errors).await?;
            if let Some(id) = id
                && let Ok(event) = app.db.run(move |c| agenda::find(c, id)).await
            {
                page.series_id = event.series_id;
                page.cancelled = event.status() == EventStatus::Cancelled;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

/// The domain's verdict on a form that already has reading mistakes: the same input, checked
/// in a transaction that is always rolled back.
async fn agenda_check(app: &App, form: &EventForm) -> Error {
    let (input, _) = form.input();
    let tz = app.settings.timezone;
    let verdict = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let checked = agenda::create(c, &input, tz, None);
                // Never keep it: this is only a check.
                Err::<(), Error>(match checked {
                    Ok(_) => Error::Invalid(vec![]),
                    Err(e) => e,
                })
            })
        })
        .await;
    match verdict {
        Err(e) => e,
        Ok(()) => Error::Invalid(vec![]),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn cancel_event(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    event_changes::cancel_event(&app, id).await?;
    Ok(Redirect::to(&format!(
        "/dashboard/events/{id}/registrations?done=event_cancelled_notice"
    ))
    .into_response())
}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    event_changes::delete_event(&app, id).await?;
    Ok(Redirect::to("/dashboard/events").into_response())
}

// ---------------------------------------------------------------------------------------------
// Registrations of one event

pub struct RegRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub channel: &'static str,
    pub status: &'static str,
    pub status_key: &'static str,
    pub at: String,
    pub message: String,
    pub checked_in: bool,
    pub active: bool,
}

fn channel_key(r: &Registration) -> &'static str {
    match r.channel() {
        crate::events::Channel::Web => "channel_web",
        crate::events::Channel::Join => "channel_join",
        crate::events::Channel::Poll => "channel_poll",
        crate::events::Channel::Accept => "channel_accept",
    }
}

fn reg_status_key(s: RegistrationStatus) -> &'static str {
    match s {
        RegistrationStatus::Pending => "reg_pending",
        RegistrationStatus::Confirmed => "reg_confirmed",
        RegistrationStatus::Waitlisted => "reg_waitlisted",
        RegistrationStatus::Cancelled => "reg_cancelled",
        RegistrationStatus::Refused => "reg_refused",
    }
}

fn row(lang: Lang, e: &Event, r: &Registration) -> RegRow {
    RegRow {
        id: r.id,
        name: r.name.clone(),
        contact: r
            .email
            .clone()
            .or_else(|| r.actor_id.clone())
            .unwrap_or_default(),
        channel: channel_key(r),
        status: r.status().as_str(),
        status_key: reg_status_key(r.status()),
        at: when(lang, e.tz(), &r.created_at),
        message: r.message.clone(),
        checked_in: r.checked_in,
        active: r.status().is_active(),
    }
}

#[derive(Template)]
#[template(path = "dashboard/events_registrations.html")]
struct RegistrationsPage {
    l: Layout,
    e: Event,
    when: String,
    rows: Vec<RegRow>,
    confirmed: usize,
    waiting: usize,
    pending: usize,
    came: usize,
    capacity: String,
    message: String,
    errors: FormErrors,
    done: Option<&'static str>,
    sent: Option<i64>,
    cancelled: bool,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
    sent: Option<i64>,
}

/// The notices a redirect may ask this page to show: only known keys.
fn done_key(text: Option<&str>) -> Option<&'static str> {
    [
        "capacity_saved",
        "message_sent",
        "event_cancelled_notice",
        "registration_updated",
    ]
    .into_iter()
    .find(|k| Some(*k) == text)
}

async fn registrations_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    capacity: Option<String>,
    message: String,
    errors: FormErrors,
) -> Result<RegistrationsPage, Error> {
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let l = dash_layout(
        app,
        lang,
        &format!("/dashboard/events/{id}/registrations"),
        me,
    )
    .await?;
    let count = |s: RegistrationStatus| list.iter().filter(|r| r.status() == s).count();
    Ok(RegistrationsPage {
        when: event_when(lang, &event, app.settings.timezone),
        rows: list.iter().map(|r| row(lang, &event, r)).collect(),
        confirmed: count(RegistrationStatus::Confirmed),
        waiting: count(RegistrationStatus::Waitlisted),
        pending: count(RegistrationStatus::Pending),
        came: list.iter().filter(|r| r.checked_in).count(),
        capacity: capacity
            .unwrap_or_else(|| event.capacity.map(|c| c.to_string()).unwrap_or_default()),
        message,
        errors,
        done: None,
        sent: None,
        cancelled: event.status() == EventStatus::Cancelled,
        e: event,
        l,
    })
}

pub async fn registrations(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let mut page = registrations_page(
        &app,
        lang,
        &me,
        id,
        None,
        String::new(),
        FormErrors::default(),
    )
    .await?;
    page.done = done_key(q.done.as_deref());
    page.sent = q.sent;
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct CapacityForm {
    #[serde(default)]
    capacity: String,
}

pub async fn set_capacity(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CapacityForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let parsed = match form.capacity.trim() {
        "" => Ok(None),
        text => text
            .parse::<i32>()
            .map(Some)
            .map_err(|_| Error::invalid("capacity", "capacity_invalid")),
    };
    let result = match parsed {
        Ok(capacity) => event_changes::set_capacity(&app, id, capacity)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/dashboard/events/{id}/registrations?done=capacity_saved"
        ))
        .into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = registrations_page(
                &app,
                lang,
                &me,
                id,
                Some(form.capacity),
                String::new(),
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    message: String,
}

pub async fn message_all(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<MessageForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let links = app.links.clone();
    let text = form.message.clone();
    let sent = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let event = agenda::find(c, id)?;
                notices::message_all(c, &links, &event, &text)
            })
        })
        .await;
    app.jobs.wake();
    match sent {
        Ok(n) => Ok(Redirect::to(&format!(
            "/dashboard/events/{id}/registrations?done=message_sent&sent={n}"
        ))
        .into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = registrations_page(&app, lang, &me, id, None, form.message, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct RegistrationAction {
    /// For check-in: `1` came, `0` did not.
    #[serde(default)]
    came: String,
    /// Which page to go back to: `checkin` or the list.
    #[serde(default)]
    back: String,
}

fn back_to(r: &Registration, back: &str) -> Response {
    let to = if back == "checkin" {
        format!("/dashboard/events/{}/checkin#r{}", r.event_id, r.id)
    } else {
        format!(
            "/dashboard/events/{}/registrations?done=registration_updated#r{}",
            r.event_id, r.id
        )
    };
    Redirect::to(&to).into_response()
}

async fn act(
    app: &App,
    f: impl FnOnce(&mut crate::db::DbConn, &notices::Links) -> crate::error::Result<Registration>
    + Send
    + 'static,
) -> Result<Registration, Error> {
    let links = app.links.clone();
    let r = app.db.run(move |c| f(c, &links)).await?;
    app.jobs.wake();
    Ok(r)
}

pub async fn approve(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let r = act(&app, move |c, l| registrations::approve(c, l, id)).await?;
    Ok(back_to(&r, &form.back))
}

pub async fn refuse(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let r = act(&app, move |c, l| registrations::refuse(c, l, id)).await?;
    Ok(back_to(&r, &form.back))
}

pub async fn cancel_registration(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let r = act(&app, move |c, l| registrations::cancel(c, l, id)).await?;
    Ok(back_to(&r, &form.back))
}

pub async fn check_in(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let came = form.came != "0";
    let r = app
        .db
        .run(move |c| registrations::check_in(c, id, came))
        .await?;
    let back = if form.back.is_empty() {
        "checkin"
    } else {
        form.back.as_str()
    };
    Ok(back_to(&r, back))
}

// ---------------------------------------------------------------------------------------------
// Check-in on a phone, the printed sheet, the CSV export

#[derive(Template)]
#[template(path = "dashboard/events_checkin.html")]
struct CheckinPage {
    l: Layout,
    e: Event,
    when: String,
    rows: Vec<RegRow>,
    came: usize,
}

pub async fn checkin(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let mut rows: Vec<RegRow> = list
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Confirmed)
        .map(|r| row(lang, &event, r))
        .collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    let l = dash_layout(&app, lang, &format!("/dashboard/events/{id}/checkin"), &me).await?;
    Ok(render(&CheckinPage {
        came: rows.iter().filter(|r| r.checked_in).count(),
        when: event_when(lang, &event, app.settings.timezone),
        rows,
        e: event,
        l,
    }))
}

#[derive(Template)]
#[template(path = "dashboard/events_sheet.html")]
struct SheetPage {
    l: Layout,
    e: Event,
    when: String,
    place: String,
    confirmed: Vec<RegRow>,
    waiting: Vec<RegRow>,
}

/// A plain page to print: names in alphabetical order and an empty box to tick.
pub async fn sheet(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let mut confirmed: Vec<RegRow> = list
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Confirmed)
        .map(|r| row(lang, &event, r))
        .collect();
    confirmed.sort_by_key(|r| r.name.to_lowercase());
    // The waiting list stays in its order: the first one gets the next seat at the door.
    let waiting = list
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Waitlisted)
        .map(|r| row(lang, &event, r))
        .collect();
    let l = dash_layout(&app, lang, &format!("/dashboard/events/{id}/sheet"), &me).await?;
    Ok(render(&SheetPage {
        when: event_when(lang, &event, app.settings.timezone),
        place: place_line(&event),
        confirmed,
        waiting,
        e: event,
        l,
    }))
}

/// A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or CR first)
/// gets a `'` in front: names come from strangers, some from other servers.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The registrations as CSV for LibreOffice and Excel: UTF-8 with a byte order mark (without
/// it Excel reads the file as Windows-1252 and breaks the accents), `;` between fields (what
/// Excel expects in French, the association's language: with `,` everything would land in one
/// column; LibreOffice asks or guesses either way), CRLF line ends, and a header row.
pub fn registrations_csv(
    lang: Lang,
    event: &Event,
    list: &[Registration],
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        w.write_record([
            lang.t("csv_number"),
            lang.t("name"),
            lang.t("email"),
            lang.t("csv_fediverse"),
            lang.t("csv_channel"),
            lang.t("status"),
            lang.t("csv_registered_at"),
            lang.t("csv_came"),
            lang.t("csv_message"),
        ])
        .map_err(Error::internal)?;
        let tz = event.tz();
        for r in list {
            let at = r
                .created_at
                .and_utc()
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string();
            w.write_record([
                r.id.to_string(),
                cell(&r.name),
                cell(r.email.as_deref().unwrap_or("")),
                cell(r.actor_id.as_deref().unwrap_or("")),
                lang.t(channel_key(r)).to_string(),
                lang.t(reg_status_key(r.status())).to_string(),
                at,
                lang.t(if r.checked_in { "yes" } else { "no" }).to_string(),
                cell(&r.message.replace(['\r', '\n'], " ")),
            ])
            .map_err(Error::internal)?;
        }
        w.flush().map_err(Error::internal)?;
    }
    Ok(out)
}

/// The CSV file as an HTTP answer, named after the event.
pub fn csv_response(event: &Event, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-registrations.csv\"", event.slug),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub async fn export_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let body = registrations_csv(lang, &event, &list)?;
    Ok(csv_response(&event, body))
}

// ---------------------------------------------------------------------------------------------
// Weekly series

pub struct Occurrence {
    pub id: i64,
    pub when: String,
    pub places: String,
    pub past: bool,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "dashboard/events_series.html")]
struct SeriesPage {
    l: Layout,
    /// `None` for a new series.
    id: Option<i64>,
    action: String,
    f: EventForm,
    errors: FormErrors,
    c: Choices,
    occurrences: Vec<Occurrence>,
    saved: Option<String>,
    /// For an existing series: its dates, in words.
    rule_text: String,
}

async fn series_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: Option<i64>,
    f: EventForm,
    errors: FormErrors,
) -> Result<SeriesPage, Error> {
    let path = id
        .map(|id| format!("/dashboard/series/{id}"))
        .unwrap_or("/dashboard/series/new".into());
    let l = dash_layout(app, lang, &path, me).await?;
    let (occurrences, rule_text) = match id {
        Some(id) => {
            let (s, list) = app
                .db
                .run(move |c| Ok::<_, Error>((series::find(c, id)?, series::occurrences(c, id)?)))
                .await?;
            let at = crate::db::now();
            let tz = app.settings.timezone;
            let rule = s.rule()?;
            let text = format!(
                "{} {}–{} · {} → {}",
                lang.t([
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday"
                ][(rule.weekday.clamp(1, 7) - 1) as usize]),
                rule.start_time.format("%H:%M"),
                rule.end_time.format("%H:%M"),
                rule.from,
                rule.until
            );
            let occ = list
                .iter()
                .map(|e| Occurrence {
                    id: e.id,
                    when: event_when(lang, e, tz),
                    places: match e.capacity {
                        Some(c) => format!("{} / {c}", e.confirmed_count),
                        None => e.confirmed_count.to_string(),
                    },
                    past: e.starts_at <= at,
                    status: status_key(e.status()),
                })
                .collect();
            (occ, text)
        }
        None => (Vec::new(), String::new()),
    };
    Ok(SeriesPage {
        action: path,
        id,
        f,
        errors,
        c: choices(app, lang).await?,
        occurrences,
        saved: None,
        rule_text,
        l,
    })
}

pub async fn series_new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let mut f = EventForm::blank(&app);
    f.start_time = "19:00".into();
    f.end_time = "20:30".into();
    Ok(render(
        &series_page(&app, lang, &me, None, f, FormErrors::default()).await?,
    ))
}

pub async fn series_create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<EventForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (input, mut errors) = form.input();
    let (rule, rule_errors) = form.rule();
    errors.extend(rule_errors);
    let made = match rule {
        Some(rule) if errors.is_empty() => event_changes::create_series(&app, input, rule).await,
        _ => Err(Error::Invalid(vec![])),
    };
    match made {
        Ok((id, events)) => Ok(Redirect::to(&format!(
            "/dashboard/series/{id}?saved={}",
            events.len()
        ))
        .into_response()),
        Err(e) => {
            let mut errors = merge(errors, e)?;
            if form.title.trim().is_empty() && !errors.0.iter().any(|f| f.field == "title") {
                errors.0.push(FieldError {
                    field: "title",
                    code: "required",
                });
            }
            let page = series_page(&app, lang, &me, None, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct SeriesSavedQuery {
    saved: Option<String>,
}

pub async fn series_edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SeriesSavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (s, list) = app
        .db
        .run(move |c| Ok::<_, Error>((series::find(c, id)?, series::occurrences(c, id)?)))
        .await?;
    let rule = s.rule()?;
    // The form starts from the next occurrence (or the last one, when all have passed).
    let at = crate::db::now();
    let model = list
        .iter()
        .find(|e| e.starts_at > at)
        .or(list.last())
        .ok_or(Error::NotFound)?;
    let mut f = EventForm::from_event(model);
    f.start_time = rule.start_time.format("%H:%M").to_string();
    f.end_time = rule.end_time.format("%H:%M").to_string();
    f.weekday = rule.weekday.to_string();
    f.from = rule.from.to_string();
    f.until = rule.until.to_string();
    f.except = series::format_exceptions(&rule.except);
    let mut page = series_page(&app, lang, &me, Some(id), f, FormErrors::default()).await?;
    page.saved = q.saved;
    Ok(render(&page))
}

pub async fn series_update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<EventForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (input, mut errors) = form.input();
    let start_time = parse_time(&form.start_time);
    if start_time.is_none() {
        errors.push(FieldError {
            field: "start_time",
            code: "time_invalid",
        });
    }
    let end_time = parse_time(&form.end_time);
    if end_time.is_none() {
        errors.push(FieldError {
            field: "end_time",
            code: "time_invalid",
        });
    }
    let changed = if errors.is_empty() {
        event_changes::update_series(
            &app,
            id,
            SeriesEdit {
                event: input,
                start_time,
                end_time,
            },
        )
        .await
    } else {
        Err(Error::Invalid(vec![]))
    };
    match changed {
        Ok(events) => Ok(
            Redirect::to(&format!("/dashboard/series/{id}?saved={}", events.len())).into_response(),
        ),
        Err(e) => {
            let errors = merge(errors, e)?;
            let page = series_page(&app, lang, &me, Some(id), form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}
