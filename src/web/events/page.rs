//! One event: its page with the registration form, its ActivityPub object at the same
//! address, or its iCalendar file.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::register::published_with_holds;
use super::text::status_note;
use super::{calendar, event_when, place_line, places_text};
use crate::App;
use crate::error::Error;
use crate::events::{Event, agenda, holds::HoldSettings};
use crate::i18n::Lang;
use crate::site::pages;
use crate::web::csrf::AnonToken;
use crate::web::pages::{FormErrors, Layout, PageError, render};

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
pub(super) struct EventPage {
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
    pub(super) fn new(
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
            image_url: e.image.as_ref().map(|i| crate::urls::media(i)),
            places: places_text(lang, &e),
            full: e.is_full(),
            note: status_note(&e),
            closed: if e.takes_registrations {
                hold.web_closed_reason(&e, crate::db::now())
            } else {
                None
            },
            ap_id: app.settings.url(&crate::urls::event(&e.slug)),
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
    let path = crate::urls::event(&slug);
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
