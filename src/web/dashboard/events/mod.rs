//! Events in the dashboard, for organizers: the list; create and edit an event; weekly series;
//! capacity; cancelling; per event the registrations (approve, refuse, cancel, check-in on a
//! phone), a printable check-in sheet, the CSV export, and a message to everyone registered.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

use super::dash_layout;
use crate::accounts::Capability;
use crate::error::{Error, FieldError};
use crate::events::{
    Event, EventInput, EventStatus, Registration, RegistrationStatus, agenda,
    holds::{self, HoldSettings},
    registrations,
    series::{self, SeriesEdit, SeriesRule},
};
use crate::web::{
    csrf::CheckedForm,
    events::{event_when, place_line},
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
};
use crate::{App, app};

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
    let all = app.db.read(agenda::all).await?;
    let at = crate::db::now();
    let tz = app.settings.timezone;
    let (mut coming, mut past) = (Vec::new(), Vec::new());
    for e in all {
        let row = EventRow {
            id: e.id,
            slug: e.slug.clone(),
            title: e.title.clone(),
            when: event_when(lang, &e, tz),
            status: status_key(e.status),
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
    let (event, hold) = app
        .db
        .read(move |c| Ok::<_, Error>((agenda::find(c, id)?, holds::settings(c, id)?)))
        .await?;
    let mut page = form_page(
        &app,
        lang,
        &me,
        Some(id),
        EventForm::from_event(&event, hold),
        FormErrors::default(),
    )
    .await?;
    page.saved = q.saved.is_some();
    page.public_url = event.published.then(|| crate::urls::event(&event.slug));
    page.series_id = event.series_id;
    page.cancelled = event.status == EventStatus::Cancelled;
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
            Some(id) => app::events::update_event(&app, id, input).await,
            None => app::events::create_event(&app, input).await,
        }
    } else {
        // Still ask the domain, so that every mistake is shown at once.
        Err(app::events::check_event(&app, form.input().0).await)
    };
    match saved {
        Ok(event) => {
            Ok(Redirect::to(&format!("/dashboard/events/{}?saved=1", event.id)).into_response())
        }
        Err(e) => {
            let errors = merge(std::mem::take(&mut read_errors), e)?;
            let mut page = form_page(&app, lang, &me, id, form, errors).await?;
            if let Some(id) = id
                && let Ok(event) = app.db.read(move |c| agenda::find(c, id)).await
            {
                page.series_id = event.series_id;
                page.cancelled = event.status == EventStatus::Cancelled;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
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
    app::events::cancel_event(&app, id).await?;
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
    app::events::delete_event(&app, id).await?;
    Ok(Redirect::to("/dashboard/events").into_response())
}

mod checkin;
mod event_form;
mod registration_list;
mod series_form;

pub use checkin::*;
pub use event_form::*;
pub use registration_list::*;
pub use series_form::*;

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/events", get(list))
        .route("/dashboard/events/new", get(new_form).post(create))
        .route("/dashboard/events/{id}", get(edit_form).post(update))
        .route("/dashboard/events/{id}/cancel", post(cancel_event))
        .route("/dashboard/events/{id}/delete", post(delete))
        .route("/dashboard/events/{id}/capacity", post(set_capacity))
        .route("/dashboard/events/{id}/message", post(message_all))
        .route("/dashboard/events/{id}/registrations", get(registrations))
        .route("/dashboard/events/{id}/registrations.csv", get(export_csv))
        .route("/dashboard/events/{id}/checkin", get(checkin))
        .route("/dashboard/events/{id}/sheet", get(sheet))
        .route("/dashboard/registrations/{id}/approve", post(approve))
        .route("/dashboard/registrations/{id}/refuse", post(refuse))
        .route(
            "/dashboard/registrations/{id}/cancel",
            post(cancel_registration),
        )
        .route("/dashboard/registrations/{id}/checkin", post(check_in))
        .route(
            "/dashboard/series/new",
            get(series_new_form).post(series_create),
        )
        .route(
            "/dashboard/series/{id}",
            get(series_edit_form).post(series_update),
        )
}
