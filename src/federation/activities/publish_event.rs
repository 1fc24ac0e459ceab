//! What followers receive when an event is created, edited, cancelled or removed: `Create`,
//! `Update` or `Delete` of its `Event`, and of the poll (`Question`) that goes with it when it
//! takes registrations. Queued in the caller's transaction, as posts are (`publish`).
//!
//! A draft is not federated: publishing it is its `Create`, taking it back to draft its
//! `Delete`. A cancelled event is an `Update` whose `status` is `CANCELLED` (and its poll an
//! `Update` with `closed`). The poll is never deleted while the event lives (Mastodon keeps a
//! tombstone and would refuse to create it again): it is closed instead.

use activitypub_federation::protocol::context::WithContext;

use super::super::{
    delivery,
    objects::{event as event_object, question},
};
use super::{create::Create, delete::Delete, update::Update};
use crate::App;
use crate::db::DbConn;
use crate::error::Result;
use crate::events::Event;

/// A new event: `Create` of the Event, and of its poll. Returns how many deliveries.
pub fn created(conn: &mut DbConn, app: &App, event: &Event) -> Result<usize> {
    if !event.published {
        return Ok(0);
    }
    let mut sent = delivery::to_followers(conn, &create_event(app, event))?;
    if event.takes_registrations {
        sent += delivery::to_followers(conn, &create_question(app, event))?;
    }
    Ok(sent)
}

/// An edit (or a cancellation, or a change of capacity): `Update` of the Event and its poll,
/// as they are now. `before` is the event as it was, for the changes of state.
pub fn updated(conn: &mut DbConn, app: &App, before: &Event, after: &Event) -> Result<usize> {
    match (before.published, after.published) {
        (false, false) => return Ok(0),
        (false, true) => return created(conn, app, after),
        (true, false) => return deleted(conn, app, before),
        (true, true) => {}
    }
    let mut sent = delivery::to_followers(conn, &update_event(app, after))?;
    if after.takes_registrations && !before.takes_registrations {
        // The poll may be new to followers, or known from an earlier time (then closed):
        // a Create for the one, an Update for the other; each ignores what it does not apply to.
        sent += delivery::to_followers(conn, &create_question(app, after))?;
        sent += delivery::to_followers(conn, &update_question(app, after))?;
    } else if before.takes_registrations {
        sent += delivery::to_followers(conn, &update_question(app, after))?;
    }
    Ok(sent)
}

/// A removed event: `Delete` of the Event (a Tombstone, formerType Event), and of its poll.
pub fn deleted(conn: &mut DbConn, app: &App, event: &Event) -> Result<usize> {
    if !event.published {
        return Ok(0);
    }
    let mut sent = delivery::to_followers(
        conn,
        &Delete::to_followers(
            app,
            event_object::tombstone(app, event),
            event_object::context(),
        ),
    )?;
    if event.takes_registrations {
        sent += delivery::to_followers(
            conn,
            &Delete::to_followers(app, question::tombstone(app, event), question::context()),
        )?;
    }
    Ok(sent)
}

/// The numbers changed (registrations): `Update` of the Event with `participantCount` and
/// `remainingAttendeeCapacity`, and of the poll (closed when full). Run by the delayed
/// `event-counts` job (`federation::rsvp`), at most once a minute per event.
pub fn counts_changed(conn: &mut DbConn, app: &App, event: &Event) -> Result<usize> {
    if !event.published {
        return Ok(0);
    }
    let mut sent = delivery::to_followers(conn, &update_event(app, event))?;
    if event.takes_registrations {
        sent += delivery::to_followers(conn, &update_question(app, event))?;
    }
    Ok(sent)
}

pub fn create_event(app: &App, event: &Event) -> WithContext<Create<event_object::Event>> {
    Create::to_followers(
        app,
        event_object::event(app, event),
        event_object::context(),
    )
}

pub fn update_event(app: &App, event: &Event) -> WithContext<Update<event_object::Event>> {
    Update::to_followers(
        app,
        event_object::event(app, event),
        event_object::context(),
    )
}

pub fn create_question(app: &App, event: &Event) -> WithContext<Create<question::Question>> {
    Create::to_followers(app, question::question(app, event), question::context())
}

pub fn update_question(app: &App, event: &Event) -> WithContext<Update<question::Question>> {
    Update::to_followers(app, question::question(app, event), question::context())
}
