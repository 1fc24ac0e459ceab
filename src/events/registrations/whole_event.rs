//! Changes to a whole event's registrations: its capacity, its cancellation.

use diesel::prelude::*;

use super::rows::list;
use super::seats::{lock, promote};
use crate::db::{DbConn, now, schema::events};
use crate::error::{Error, Result};
use crate::events::{
    agenda::{self, Event, EventStatus},
    notices::{self, Links, Notice},
};

/// Changes the capacity. Raising it confirms people from the waiting list, in order; it cannot
/// go below the number already confirmed (cancel registrations first).
pub fn set_capacity(
    conn: &mut DbConn,
    links: &Links,
    event_id: i64,
    capacity: Option<i32>,
) -> Result<Event> {
    crate::db::transaction(conn, |conn| {
        lock(conn, event_id)?;
        let event = agenda::find(conn, event_id)?;
        if let Some(c) = capacity {
            if !(1..=100_000).contains(&c) {
                return Err(Error::invalid("capacity", "capacity_invalid"));
            }
            if c < event.confirmed_count {
                return Err(Error::invalid("capacity", "capacity_below_confirmed"));
            }
        }
        diesel::update(events::table.find(event_id))
            .set((events::capacity.eq(capacity), events::updated_at.eq(now())))
            .execute(conn)?;
        promote(conn, links, event_id)?;
        notices::counts_changed(conn, event_id)?;
        agenda::find(conn, event_id)
    })
}

/// Cancels the event and tells everyone registered.
pub fn cancel_event(conn: &mut DbConn, links: &Links, event_id: i64) -> Result<Event> {
    crate::db::transaction(conn, |conn| {
        lock(conn, event_id)?;
        diesel::update(events::table.find(event_id))
            .set((
                events::status.eq(EventStatus::Cancelled),
                events::updated_at.eq(now()),
            ))
            .execute(conn)?;
        let event = agenda::find(conn, event_id)?;
        for registration in list(conn, event_id)? {
            if registration.status.is_active() {
                notices::tell(conn, links, &event, &registration, Notice::EventCancelled)?;
            }
        }
        Ok(event)
    })
}
