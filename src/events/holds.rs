//! Held registrations: a web registration (the form takes any name and any address) holds its
//! place, a seat or a turn on the waiting list, until the visitor confirms it with the link in
//! the mail; one not confirmed by its `hold_until` is released by a durable job, and its seat
//! goes to the next person waiting, as a cancellation does. So nobody fills an event with
//! made-up addresses for longer than the delay the organizer chose.
//!
//! The seat of a held registration counts toward the capacity from the start (its status is
//! `confirmed` as any other), so the cap stays exact: holding, confirming and releasing all go
//! through the event's row lock (`registrations::lock`), as every other change does.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    agenda::Event,
    notices::{self, Links},
    registrations::{self, Registration, RegistrationStatus},
};
use crate::app::effects::{Effect, record};
use crate::db::{
    DbConn, now,
    schema::{events, registrations as table},
};
use crate::error::{Error, Result};

/// An event's hold settings: columns of `events`, set with the event's other fields
/// (`EventInput`), read apart from `Event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct HoldSettings {
    /// Web registrations hold their place until the visitor confirms from the mail.
    pub hold_registrations: bool,
    /// How long a visitor has to confirm, in minutes (never past the start).
    pub hold_minutes: i32,
}

impl HoldSettings {
    /// Until when a web registration made at `at` waits for its confirmation: the delay the
    /// organizer set, but never after the event starts.
    pub fn deadline(&self, event: &Event, at: NaiveDateTime) -> NaiveDateTime {
        (at + chrono::Duration::minutes(self.hold_minutes.into())).min(event.starts_at)
    }

    /// Why registration on the website is closed at `at`: as `Event::closed_reason`, and also
    /// once a held event has started, since nobody could confirm a hold any more.
    pub fn web_closed_reason(&self, event: &Event, at: NaiveDateTime) -> Option<&'static str> {
        event.closed_reason(at).or_else(|| {
            (self.hold_registrations && event.starts_at <= at)
                .then_some("registration_closed_started")
        })
    }
}

/// The hold settings of an event.
pub fn settings(conn: &mut DbConn, event_id: i64) -> Result<HoldSettings> {
    Ok(events::table
        .find(event_id)
        .select(HoldSettings::as_select())
        .first(conn)?)
}

/// The hold settings of every event, by id (for lists).
pub fn all_settings(conn: &mut DbConn) -> Result<std::collections::HashMap<i64, HoldSettings>> {
    let rows: Vec<(i64, HoldSettings)> = events::table
        .select((events::id, HoldSettings::as_select()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// What confirming a held registration did.
#[derive(Debug, Clone)]
pub enum Confirmation {
    /// Confirmed now: the place is the visitor's.
    Confirmed(Registration),
    /// Confirmed before (or never held): nothing to do.
    AlreadyConfirmed(Registration),
    /// Too late: the place was released (now, or by the job before).
    Released(Registration),
    /// Cancelled or refused meanwhile: nothing to confirm.
    Inactive(Registration),
}

/// Has `registration` released when its delay is over, if it is held. Call it in the
/// transaction that made the hold.
pub fn schedule_release(conn: &mut DbConn, registration: &Registration) -> Result<()> {
    let Some(at) = registration.hold_until else {
        return Ok(());
    };
    let registration_id = registration.id;
    record(
        conn,
        Effect::ReleaseHold {
            registration_id,
            at,
        },
    )
}

/// The visitor confirms with the link from the mail. Past the deadline the hold is released
/// right here (the job may not have run yet), and the answer says so.
pub fn confirm(conn: &mut DbConn, links: &Links, registration_id: i64) -> Result<Confirmation> {
    crate::db::transaction(conn, |conn| {
        let event_id = registrations::find(conn, registration_id)?.event_id;
        registrations::lock(conn, event_id)?;
        let r = registrations::find(conn, registration_id)?;
        if r.status == RegistrationStatus::Expired {
            return Ok(Confirmation::Released(r));
        }
        if !r.status.is_active() {
            return Ok(Confirmation::Inactive(r));
        }
        let Some(until) = r.hold_until else {
            return Ok(Confirmation::AlreadyConfirmed(r));
        };
        if until <= now() {
            return Ok(Confirmation::Released(release_locked(conn, links, &r)?));
        }
        diesel::update(table::table.find(r.id))
            .set((
                table::hold_until.eq(None::<NaiveDateTime>),
                table::updated_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(Confirmation::Confirmed(registrations::find(conn, r.id)?))
    })
}

/// Releases the registration if it is still held and its delay is over: the job's work.
/// Returns it when it was released. A job that comes early (another process's clock) leaves
/// the hold and comes back at the deadline.
pub fn release_if_due(
    conn: &mut DbConn,
    links: &Links,
    registration_id: i64,
) -> Result<Option<Registration>> {
    crate::db::transaction(conn, |conn| {
        let event_id = match registrations::find(conn, registration_id) {
            Ok(r) => r.event_id,
            // The event was deleted, and its registrations with it.
            Err(Error::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        registrations::lock(conn, event_id)?;
        let r = registrations::find(conn, registration_id)?;
        if !r.awaits_confirmation() {
            return Ok(None);
        }
        if r.hold_until.is_some_and(|t| t > now()) {
            schedule_release(conn, &r)?;
            return Ok(None);
        }
        release_locked(conn, links, &r).map(Some)
    })
}

/// Marks the hold released, frees its seat for the first person waiting (who is told), and
/// has the numbers republished. The event's row is locked by the caller. The visitor is not
/// written to again: the first mail said the place would go without a confirmation, and an
/// address that never answered may well not be theirs.
fn release_locked(conn: &mut DbConn, links: &Links, r: &Registration) -> Result<Registration> {
    registrations::set_status(conn, r.id, RegistrationStatus::Expired)?;
    if r.status == RegistrationStatus::Confirmed {
        registrations::release_seat(conn, r.event_id)?;
    }
    registrations::promote(conn, links, r.event_id)?;
    notices::counts_changed(conn, r.event_id)?;
    registrations::find(conn, r.id)
}
