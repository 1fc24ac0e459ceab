//! The public agenda: the list of events, each event's page with its registration form, the
//! answer to a registration, the cancel link mailed to people, and the iCalendar files.
//!
//! The addresses are kept by calendar apps and other sites, so they never change: `/events`,
//! `/events.ics`, `/events/{slug}` (also the event's ActivityPub id, answered as JSON when asked
//! with `Accept: application/activity+json`) and `/events/{slug}.ics`.
//!
//! The files: `text` (dates and places as people read them, the agenda's cards), `agenda`,
//! `page` (one event), `register` (the form posted), `cancel` (the link mailed to people),
//! `ics` (iCalendar) and `atom` (the feed).

mod agenda;
mod atom;
mod cancel;
mod ics;
mod page;
mod register;
mod text;

pub use agenda::{AgendaQuery, agenda};
pub use atom::agenda_atom;
pub(super) use cancel::registration_and_event;
pub use cancel::{CancelForm, TokenQuery, cancel, cancel_form};
pub use ics::{agenda_ics, calendar, ics_event};
pub use page::{RegisterForm, event};
pub use register::register;
pub use text::{EventCard, event_when, long_date, place_line, places_text};

/// How many coming events the agenda shows, and how many past ones.
const COMING: i64 = 200;
const PAST: i64 = 60;

/// The public addresses this part of the site answers.
pub fn routes() -> axum::Router<crate::App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/events", get(agenda))
        .route("/events.ics", get(agenda_ics))
        .route("/events.atom", get(agenda_atom))
        // `/events/{slug}.ics` arrives here too: the handler strips the suffix.
        .route("/events/{slug}", get(event))
        .route("/events/{slug}/register", post(register))
        .route("/registrations/{id}/cancel", get(cancel_form).post(cancel))
}
