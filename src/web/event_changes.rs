//! Changes to events, as the dashboard and the API both make them: the domain change, in one
//! transaction, with what tells followers (`federation::activities::publish_event`: a `Create`
//! of the event and its poll, an `Update`, a `Delete`...) queued inside it, so that an event is
//! never changed without its deliveries queued.

use crate::App;
use crate::error::{Error, Result};
use crate::events::{
    Event, EventInput, EventStatus, agenda, registrations,
    series::{self, SeriesEdit, SeriesRule},
};
use crate::federation::activities::publish_event;

/// Creates an event.
pub async fn create_event(app: &App, input: EventInput) -> Result<Event> {
    let tz = app.settings.timezone;
    let a = app.clone();
    let event = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let event = agenda::create(c, &input, tz, None)?;
                publish_event::created(c, &a, &event)?;
                Ok::<_, Error>(event)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(event)
}

/// Saves an edit of one event. A new capacity goes through `registrations::set_capacity`
/// (raising it confirms people waiting); setting the status to cancelled cancels the event as
/// `cancel_event` does, telling everyone registered.
pub async fn update_event(app: &App, id: i64, input: EventInput) -> Result<Event> {
    let tz = app.settings.timezone;
    let links = app.links.clone();
    let a = app.clone();
    let event = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let before = agenda::find(c, id)?;
                let mut event = agenda::update(c, id, &input, tz)?;
                if input.capacity != before.capacity {
                    event = registrations::set_capacity(c, &links, id, input.capacity)?;
                }
                if input.status == EventStatus::Cancelled
                    && before.status() != EventStatus::Cancelled
                {
                    event = registrations::cancel_event(c, &links, id)?;
                }
                publish_event::updated(c, &a, &before, &event)?;
                Ok::<_, Error>(event)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(event)
}

/// Changes the capacity only: raising it confirms people from the waiting list, in order.
pub async fn set_capacity(app: &App, id: i64, capacity: Option<i32>) -> Result<Event> {
    let links = app.links.clone();
    let a = app.clone();
    let event = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let event = registrations::set_capacity(c, &links, id, capacity)?;
                // Only the numbers change: the event stays as published as it was.
                publish_event::updated(c, &a, &event, &event)?;
                Ok::<_, Error>(event)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(event)
}

/// Cancels the event and tells everyone registered. Cancelling twice tells nobody twice.
pub async fn cancel_event(app: &App, id: i64) -> Result<Event> {
    let links = app.links.clone();
    let a = app.clone();
    let event = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let before = agenda::find(c, id)?;
                if before.status() == EventStatus::Cancelled {
                    return Ok::<_, Error>(before);
                }
                let event = registrations::cancel_event(c, &links, id)?;
                publish_event::cancelled(c, &a, &before, &event)?;
                Ok::<_, Error>(event)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(event)
}

/// Deletes an event made by mistake. One that people are registered for must be cancelled
/// first (which tells them): deleting it would leave them without a word.
pub async fn delete_event(app: &App, id: i64) -> Result<Event> {
    let a = app.clone();
    let event = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let event = agenda::find(c, id)?;
                let active = registrations::list(c, id)?
                    .iter()
                    .filter(|r| r.status().is_active())
                    .count();
                if active > 0 && event.status() != EventStatus::Cancelled {
                    return Err(Error::Conflict(format!(
                        "{active} people are registered: cancel the event first, which tells them"
                    )));
                }
                let event = agenda::delete(c, id)?;
                publish_event::deleted(c, &a, &event)?;
                Ok::<_, Error>(event)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(event)
}

/// Creates a weekly series and its occurrences.
pub async fn create_series(
    app: &App,
    input: EventInput,
    rule: SeriesRule,
) -> Result<(i64, Vec<Event>)> {
    let tz = app.settings.timezone;
    let a = app.clone();
    let made = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let (series_id, events) = series::create_series(c, &input, &rule, tz)?;
                for event in &events {
                    publish_event::created(c, &a, event)?;
                }
                Ok::<_, Error>((series_id, events))
            })
        })
        .await?;
    app.jobs.wake();
    Ok(made)
}

/// Applies an edit to every occurrence of a series still to come.
pub async fn update_series(app: &App, series_id: i64, edit: SeriesEdit) -> Result<Vec<Event>> {
    let tz = app.settings.timezone;
    let links = app.links.clone();
    let a = app.clone();
    let changed = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let before: std::collections::HashMap<i64, Event> =
                    series::occurrences(c, series_id)?
                        .into_iter()
                        .map(|e| (e.id, e))
                        .collect();
                let events = series::update_series(c, &links, series_id, &edit, tz)?;
                for event in &events {
                    let was = before.get(&event.id).unwrap_or(event);
                    publish_event::updated(c, &a, was, event)?;
                }
                Ok::<_, Error>(events)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(changed)
}
