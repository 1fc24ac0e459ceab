//! What happens to one registration once made: cancelled, approved, refused, checked in.

use diesel::prelude::*;

use super::rows::{find, find_by_attendee, position, set_status};
use super::seats::{lock, promote, release_seat, take_seat};
use super::{Registration, RegistrationStatus};
use crate::db::{DbConn, now, schema::registrations};
use crate::error::{Error, Result};
use crate::events::{
    agenda,
    notices::{self, Links, Notice},
};

/// Cancels a registration (by the person, an organizer, or a `Leave`). A freed seat goes to the
/// first on the waiting list, who is told. Cancelling twice changes nothing.
pub fn cancel(conn: &mut DbConn, links: &Links, registration_id: i64) -> Result<Registration> {
    crate::db::transaction(conn, |conn| {
        let event_id = find(conn, registration_id)?.event_id;
        lock(conn, event_id)?;
        let registration = find(conn, registration_id)?;
        if !registration.status.is_active() {
            return Ok(registration);
        }
        set_status(conn, registration.id, RegistrationStatus::Cancelled)?;
        if registration.status == RegistrationStatus::Confirmed {
            release_seat(conn, registration.event_id)?;
        }
        let event = agenda::find(conn, registration.event_id)?;
        let cancelled = find(conn, registration_id)?;
        notices::tell(conn, links, &event, &cancelled, Notice::Cancelled)?;
        promote(conn, links, registration.event_id)?;
        notices::counts_changed(conn, registration.event_id)?;
        find(conn, registration_id)
    })
}

/// The active registration of this fediverse account for this event, cancelled (for `Leave`,
/// `Undo{Join}`, a `Reject` from Friendica, a withdrawn vote). `None` if there was none.
pub fn cancel_by_attendee(
    conn: &mut DbConn,
    links: &Links,
    event_id: i64,
    attendee_key: &str,
) -> Result<Option<Registration>> {
    match find_by_attendee(conn, event_id, attendee_key)? {
        Some(r) if r.status.is_active() => Ok(Some(cancel(conn, links, r.id)?)),
        _ => Ok(None),
    }
}

/// An organizer accepts a pending registration: confirmed if a seat is free, else waitlisted.
pub fn approve(conn: &mut DbConn, links: &Links, registration_id: i64) -> Result<Registration> {
    crate::db::transaction(conn, |conn| {
        let event_id = find(conn, registration_id)?.event_id;
        lock(conn, event_id)?;
        let registration = find(conn, registration_id)?;
        if registration.status != RegistrationStatus::Pending {
            return Err(Error::conflict("error_approve_not_pending"));
        }
        let event = agenda::find(conn, registration.event_id)?;
        let notice = if take_seat(conn, event.id)? {
            set_status(conn, registration.id, RegistrationStatus::Confirmed)?;
            Notice::Confirmed
        } else {
            set_status(conn, registration.id, RegistrationStatus::Waitlisted)?;
            let updated = find(conn, registration.id)?;
            Notice::Waitlisted(position(conn, &updated)?)
        };
        let updated = find(conn, registration.id)?;
        notices::tell(conn, links, &event, &updated, notice)?;
        notices::counts_changed(conn, event.id)?;
        Ok(updated)
    })
}

/// An organizer refuses a registration; a confirmed seat freed this way goes to the next.
pub fn refuse(conn: &mut DbConn, links: &Links, registration_id: i64) -> Result<Registration> {
    crate::db::transaction(conn, |conn| {
        let event_id = find(conn, registration_id)?.event_id;
        lock(conn, event_id)?;
        let registration = find(conn, registration_id)?;
        if !registration.status.is_active() {
            return Ok(registration);
        }
        set_status(conn, registration.id, RegistrationStatus::Refused)?;
        if registration.status == RegistrationStatus::Confirmed {
            release_seat(conn, registration.event_id)?;
        }
        let event = agenda::find(conn, registration.event_id)?;
        let refused = find(conn, registration.id)?;
        notices::tell(conn, links, &event, &refused, Notice::Refused)?;
        promote(conn, links, event.id)?;
        notices::counts_changed(conn, event.id)?;
        Ok(refused)
    })
}

/// Marks who came (or takes the mark back).
pub fn check_in(conn: &mut DbConn, registration_id: i64, came: bool) -> Result<Registration> {
    let n = diesel::update(registrations::table.find(registration_id))
        .set((
            registrations::checked_in.eq(came),
            registrations::updated_at.eq(now()),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    find(conn, registration_id)
}
