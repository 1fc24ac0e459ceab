//! Registrations, from every channel: the web form, a Mobilizon `Join`, a poll vote, a
//! Friendica `Accept`, and the organizers' own actions. Every one ends in the events domain,
//! which decides (capacity, waiting list, holds) and records whom to tell.

use crate::App;
use crate::error::{Error, Result};
use crate::events::{
    Attendee, Channel, Outcome, Registration, agenda,
    holds::{self, Confirmation},
    notices, registrations,
};

/// Registers someone for an event, on the channel they used. `reference` is the id of the
/// activity that asked, for the fediverse; `message` is what they wrote to the organizers.
pub async fn register(
    app: &App,
    event_id: i64,
    attendee: Attendee,
    channel: Channel,
    reference: Option<String>,
    message: String,
) -> Result<Outcome> {
    let links = app.links.clone();
    super::write(app, move |c| {
        registrations::register(
            c,
            &links,
            event_id,
            &attendee,
            channel,
            reference.as_deref(),
            &message,
        )
    })
    .await
}

/// Cancels a registration (from its cancel link, or by an organizer); its seat goes to the
/// first person waiting.
pub async fn cancel(app: &App, registration_id: i64) -> Result<Registration> {
    let links = app.links.clone();
    super::write(app, move |c| {
        registrations::cancel(c, &links, registration_id)
    })
    .await
}

/// Cancels the active registration of this attendee (a fediverse actor's id, or an address),
/// if there is one: a `Leave`, an `Undo` or a `Reject` from the fediverse.
pub async fn cancel_by_attendee(
    app: &App,
    event_id: i64,
    attendee_key: String,
) -> Result<Option<Registration>> {
    let links = app.links.clone();
    super::write(app, move |c| {
        registrations::cancel_by_attendee(c, &links, event_id, &attendee_key)
    })
    .await
}

/// Accepts a registration that waited for the organizers' approval (onto the waiting list
/// when the event is full).
pub async fn approve(app: &App, registration_id: i64) -> Result<Registration> {
    let links = app.links.clone();
    super::write(app, move |c| {
        registrations::approve(c, &links, registration_id)
    })
    .await
}

/// Refuses a registration; a seat freed this way goes to the first person waiting.
pub async fn refuse(app: &App, registration_id: i64) -> Result<Registration> {
    let links = app.links.clone();
    super::write(app, move |c| {
        registrations::refuse(c, &links, registration_id)
    })
    .await
}

/// Marks that the person came (or takes the mark back).
pub async fn check_in(app: &App, registration_id: i64, came: bool) -> Result<Registration> {
    super::write(app, move |c| {
        registrations::check_in(c, registration_id, came)
    })
    .await
}

/// Sends the organizers' message to everyone registered, each on their channel; returns how
/// many were written to.
pub async fn message_all(app: &App, event_id: i64, message: String) -> Result<usize> {
    let links = app.links.clone();
    super::write(app, move |c| {
        let event = agenda::find(c, event_id)?;
        notices::message_all(c, &links, &event, &message)
    })
    .await
}

/// The visitor confirms a held registration with the link from the mail. `None` when the
/// registration is gone (its event was deleted).
pub async fn confirm_hold(app: &App, registration_id: i64) -> Result<Option<Confirmation>> {
    let links = app.links.clone();
    super::write(app, move |c| {
        match holds::confirm(c, &links, registration_id) {
            Ok(answer) => Ok(Some(answer)),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    })
    .await
}

/// The hold's deadline came (the `ReleaseHold` effect): releases it if nobody confirmed.
pub async fn release_hold(app: &App, registration_id: i64) -> Result<Option<Registration>> {
    let links = app.links.clone();
    super::write(app, move |c| {
        holds::release_if_due(c, &links, registration_id)
    })
    .await
}
