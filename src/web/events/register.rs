//! The registration form, posted: what became of the registration, on a page.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::page::EventPage;
use super::{RegisterForm, event_when};
use crate::App;
use crate::error::Error;
use crate::events::{
    Attendee, Channel, Event, Outcome, agenda,
    holds::{self, HoldSettings},
};
use crate::i18n::Lang;
use crate::site::pages;
use crate::web::csrf::{AnonToken, CheckedForm};
use crate::web::pages::{FormErrors, Layout, PageError, render};

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
    let path = crate::urls::event(&slug);
    let ((event, hold), menu) = app
        .db
        .read(move |c| Ok::<_, Error>((published_with_holds(c, &slug)?, pages::menu(c)?)))
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
pub(super) fn published_with_holds(
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
