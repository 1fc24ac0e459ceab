//! Changes to events, as the dashboard and the API both make them: the domain change, and
//! what tells followers (a `Create` of the event and its poll, an `Update`, a `Delete`...)
//! recorded in the same transaction, so that an event never changes without its deliveries.

use super::effects::{Effect, Publication, record};
use crate::App;
use crate::db::DbConn;
use crate::error::{Error, Message, Result};
use crate::events::{
    Event, EventInput, EventStatus, agenda, registrations,
    series::{self, SeriesEdit, SeriesRule},
};

/// Creates an event.
pub async fn create_event(app: &App, input: EventInput) -> Result<Event> {
    let tz = app.settings.timezone;
    super::write(app, move |c| {
        let event = agenda::create(c, &input, tz, None)?;
        created(c, &event)?;
        Ok(event)
    })
    .await
}

/// Saves an edit of one event. A new capacity goes through `registrations::set_capacity`
/// (raising it confirms people waiting); setting the status to cancelled cancels the event as
/// `cancel_event` does, telling everyone registered.
pub async fn update_event(app: &App, id: i64, input: EventInput) -> Result<Event> {
    let tz = app.settings.timezone;
    let links = app.links.clone();
    super::write(app, move |c| {
        let before = agenda::find(c, id)?;
        let mut event = agenda::update(c, id, &input, tz)?;
        if input.capacity != before.capacity {
            event = registrations::set_capacity(c, &links, id, input.capacity)?;
        }
        if input.status == EventStatus::Cancelled && before.status != EventStatus::Cancelled {
            event = registrations::cancel_event(c, &links, id)?;
        }
        updated(c, before, &event)?;
        Ok(event)
    })
    .await
}

/// Changes the capacity only: raising it confirms people from the waiting list, in order.
pub async fn set_capacity(app: &App, id: i64, capacity: Option<i32>) -> Result<Event> {
    let links = app.links.clone();
    super::write(app, move |c| {
        let event = registrations::set_capacity(c, &links, id, capacity)?;
        // Only the numbers change: the event stays as published as it was.
        updated(c, event.clone(), &event)?;
        Ok(event)
    })
    .await
}

/// Cancels the event and tells everyone registered. Cancelling twice tells nobody twice.
pub async fn cancel_event(app: &App, id: i64) -> Result<Event> {
    let links = app.links.clone();
    super::write(app, move |c| {
        let before = agenda::find(c, id)?;
        if before.status == EventStatus::Cancelled {
            return Ok(before);
        }
        let event = registrations::cancel_event(c, &links, id)?;
        updated(c, before, &event)?;
        Ok(event)
    })
    .await
}

/// Deletes an event made by mistake. One that people are registered for must be cancelled
/// first (which tells them): deleting it would leave them without a word.
pub async fn delete_event(app: &App, id: i64) -> Result<Event> {
    super::write(app, move |c| {
        let event = agenda::find(c, id)?;
        let active = registrations::list(c, id)?
            .iter()
            .filter(|r| r.status.is_active())
            .count();
        if active > 0 && event.status != EventStatus::Cancelled {
            return Err(Error::Conflict(
                Message::new("error_event_has_registrations").with("n", active),
            ));
        }
        let event = agenda::delete(c, id)?;
        if event.published {
            let gone = event.clone();
            record(
                c,
                Effect::Publish(Publication::EventDeleted { event: gone }),
            )?;
        }
        Ok(event)
    })
    .await
}

/// The domain's verdict on an event input, without keeping anything: the input is created in
/// a transaction that is always rolled back. The dashboard asks it when its form already has
/// reading mistakes, so that every mistake is shown at once.
pub async fn check_event(app: &App, input: EventInput) -> Error {
    let tz = app.settings.timezone;
    let verdict = super::write(app, move |c| {
        let checked = agenda::create(c, &input, tz, None);
        // Never keep it: this is only a check.
        Err::<(), Error>(match checked {
            Ok(_) => Error::Invalid(vec![]),
            Err(e) => e,
        })
    })
    .await;
    match verdict {
        Err(e) => e,
        Ok(()) => Error::Invalid(vec![]),
    }
}

/// Creates a weekly series and its occurrences.
pub async fn create_series(
    app: &App,
    input: EventInput,
    rule: SeriesRule,
) -> Result<(i64, Vec<Event>)> {
    let tz = app.settings.timezone;
    super::write(app, move |c| {
        let (series_id, events) = series::create_series(c, &input, &rule, tz)?;
        for event in &events {
            created(c, event)?;
        }
        Ok((series_id, events))
    })
    .await
}

/// Applies an edit to every occurrence of a series still to come.
pub async fn update_series(app: &App, series_id: i64, edit: SeriesEdit) -> Result<Vec<Event>> {
    let tz = app.settings.timezone;
    let links = app.links.clone();
    super::write(app, move |c| {
        let mut before: std::collections::HashMap<i64, Event> = series::occurrences(c, series_id)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let events = series::update_series(c, &links, series_id, &edit, tz)?;
        for event in &events {
            let was = before.remove(&event.id).unwrap_or_else(|| event.clone());
            updated(c, was, event)?;
        }
        Ok(events)
    })
    .await
}

/// Followers hear of a new event once it is published.
fn created(c: &mut DbConn, event: &Event) -> Result<()> {
    if !event.published {
        return Ok(());
    }
    let event = event.clone();
    record(c, Effect::Publish(Publication::EventCreated { event }))
}

/// Followers hear of a change when the event was or is published (a draft made public is
/// a `Create` for them, a public event taken back a `Delete`: the federation face decides).
fn updated(c: &mut DbConn, before: Event, after: &Event) -> Result<()> {
    if !before.published && !after.published {
        return Ok(());
    }
    let after = after.clone();
    record(
        c,
        Effect::Publish(Publication::EventUpdated { before, after }),
    )
}
