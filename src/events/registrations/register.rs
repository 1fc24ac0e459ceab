//! Registering: a seat if one is free, else the waiting list (or an organizer's approval).

use diesel::prelude::*;

use super::rows::{find_by_attendee, insert, position};
use super::seats::{lock, take_seat};
use super::{Attendee, Channel, Registration, RegistrationStatus};
use crate::db::{DbConn, now, schema::registrations};
use crate::error::{Error, Result};
use crate::events::{
    agenda, holds,
    notices::{self, Links, Notice},
};

/// What `register` answers.
#[derive(Debug, Clone)]
pub enum Outcome {
    Confirmed(Registration),
    /// On the waiting list, at this position (1 is next).
    Waitlisted(Registration, i64),
    /// Waiting for an organizer's approval.
    Pending(Registration),
    AlreadyRegistered(Registration),
    /// Registration is not possible; the message key says why.
    Closed(&'static str),
}

/// Registers someone. The answer on their channel (a mail, or a job for the federation face)
/// is queued in the same transaction.
pub fn register(
    conn: &mut DbConn,
    links: &Links,
    event_id: i64,
    attendee: &Attendee,
    channel: Channel,
    channel_ref: Option<&str>,
    message: &str,
) -> Result<Outcome> {
    let message: String = message.trim().chars().take(2000).collect();
    let attempt = crate::db::transaction(conn, |conn| {
        lock(conn, event_id)?;
        let event = agenda::find(conn, event_id)?;
        let at = now();
        // Only the web form is held: the fediverse's come signed by an account.
        let hold = holds::settings(conn, event_id)?;
        let held = channel == Channel::Web && hold.hold_registrations;
        let closed = if held {
            hold.web_closed_reason(&event, at)
        } else {
            event.closed_reason(at)
        };
        if let Some(reason) = closed {
            return Ok(Outcome::Closed(reason));
        }
        if let Some(existing) = find_by_attendee(conn, event_id, &attendee.key)? {
            if existing.status.is_active() {
                if channel == Channel::Web {
                    // The page says the same as for a newcomer; the mail says which it is.
                    notices::tell_again(conn, links, &event, &existing)?;
                }
                return Ok(Outcome::AlreadyRegistered(existing));
            }
            // Cancelled or refused before: a new registration goes to the back of the queue.
            diesel::delete(registrations::table.find(existing.id)).execute(conn)?;
        }
        let status = if event.requires_approval {
            RegistrationStatus::Pending
        } else if take_seat(conn, event_id)? {
            RegistrationStatus::Confirmed
        } else {
            RegistrationStatus::Waitlisted
        };
        let hold_until = held.then(|| hold.deadline(&event, at));
        let registration = insert(
            conn,
            event_id,
            attendee,
            channel,
            channel_ref,
            &message,
            status,
            hold_until,
        )?;
        holds::schedule_release(conn, &registration)?;
        let outcome = match status {
            RegistrationStatus::Confirmed => Outcome::Confirmed(registration.clone()),
            RegistrationStatus::Pending => Outcome::Pending(registration.clone()),
            _ => Outcome::Waitlisted(registration.clone(), position(conn, &registration)?),
        };
        let notice = match &outcome {
            Outcome::Confirmed(_) => Notice::Confirmed,
            Outcome::Pending(_) => Notice::Pending,
            Outcome::Waitlisted(_, position) => Notice::Waitlisted(*position),
            _ => unreachable!("only new registrations reach here"),
        };
        notices::tell(conn, links, &event, &registration, notice)?;
        notices::counts_changed(conn, event_id)?;
        Ok(outcome)
    });
    match attempt {
        // Two registrations of the same person at the same moment: the second one finds the first.
        Err(Error::Db(crate::db::DbError::Query(e))) if crate::db::is_unique_violation(&e) => {
            let existing =
                find_by_attendee(conn, event_id, &attendee.key)?.ok_or(Error::NotFound)?;
            if channel == Channel::Web {
                crate::db::transaction(conn, |conn| {
                    let event = agenda::find(conn, event_id)?;
                    notices::tell_again(conn, links, &event, &existing)
                })?;
            }
            Ok(Outcome::AlreadyRegistered(existing))
        }
        other => other,
    }
}
