//! The seats of an event: its row lock, taking and freeing a seat, and promoting from the
//! waiting list.

use diesel::prelude::*;

use super::rows::{find, set_status};
use super::{Registration, RegistrationStatus};
use crate::db::{
    DbConn, now,
    schema::{events, registrations},
};
use crate::error::{Error, Result};
use crate::events::{
    agenda,
    notices::{self, Links, Notice},
};

/// Locks the event's row until the transaction ends, with an update that changes nothing
/// (portable: PostgreSQL takes the row lock, SQLite already holds the write lock). Others
/// changing the same event's registrations wait here; other events are not held up.
pub(in crate::events) fn lock(conn: &mut DbConn, event_id: i64) -> Result<()> {
    let found = diesel::update(events::table.find(event_id))
        .set(events::confirmed_count.eq(events::confirmed_count))
        .execute(conn)?;
    if found == 0 {
        Err(Error::NotFound)
    } else {
        Ok(())
    }
}

/// Takes one seat if one is free, in one statement. True when it was taken.
pub(super) fn take_seat(conn: &mut DbConn, event_id: i64) -> Result<bool> {
    let taken = diesel::update(events::table.find(event_id).filter(diesel::dsl::sql::<
        diesel::sql_types::Bool,
    >(
        "(capacity IS NULL OR confirmed_count < capacity)",
    )))
    .set(events::confirmed_count.eq(events::confirmed_count + 1))
    .execute(conn)?;
    Ok(taken == 1)
}

pub(in crate::events) fn release_seat(conn: &mut DbConn, event_id: i64) -> Result<()> {
    diesel::update(
        events::table
            .find(event_id)
            .filter(events::confirmed_count.gt(0)),
    )
    .set(events::confirmed_count.eq(events::confirmed_count - 1))
    .execute(conn)?;
    Ok(())
}

/// Confirms people from the waiting list, first come first served, while seats are free. A
/// web registration still waiting for its address to be confirmed keeps its turn: it is
/// promoted with the rest of its delay to confirm (its `hold_until` stays), and its mail
/// says so.
pub(in crate::events) fn promote(
    conn: &mut DbConn,
    links: &Links,
    event_id: i64,
) -> Result<Vec<Registration>> {
    let mut promoted = Vec::new();
    loop {
        let next: Option<Registration> = registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted))
            .order(registrations::id)
            .select(Registration::as_select())
            .first(conn)
            .optional()?;
        let Some(next) = next else { break };
        // Someone waiting who let their confirmation lapse (the release job has not come
        // yet) is not promoted: their place in the queue goes now.
        if next.hold_until.is_some_and(|t| t <= now()) {
            set_status(conn, next.id, RegistrationStatus::Expired)?;
            continue;
        }
        if !take_seat(conn, event_id)? {
            break;
        }
        set_status(conn, next.id, RegistrationStatus::Confirmed)?;
        let event = agenda::find(conn, event_id)?;
        let confirmed = find(conn, next.id)?;
        notices::tell(conn, links, &event, &confirmed, Notice::Promoted)?;
        promoted.push(confirmed);
    }
    Ok(promoted)
}
