//! The registrations' rows: the stored type, and reading and writing them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Attendee, Channel, RegistrationStatus};
use crate::db::{DbConn, now, schema::registrations};
use crate::error::Result;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = registrations)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub attendee_key: String,
    pub name: String,
    pub email: Option<String>,
    pub actor_id: Option<String>,
    pub channel: Channel,
    pub channel_ref: Option<String>,
    pub lang: String,
    pub status: RegistrationStatus,
    pub message: String,
    pub checked_in: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Until when this web registration waits for the visitor to confirm it from the mail;
    /// none once confirmed, or when it never had to be.
    pub hold_until: Option<NaiveDateTime>,
}

impl Registration {
    /// Still active and waiting for the visitor to confirm their address.
    pub fn awaits_confirmation(&self) -> bool {
        self.hold_until.is_some() && self.status.is_active()
    }
}

/// Every registration of an event, in arrival order.
pub fn list(conn: &mut DbConn, event_id: i64) -> Result<Vec<Registration>> {
    Ok(registrations::table
        .filter(registrations::event_id.eq(event_id))
        .order(registrations::id)
        .select(Registration::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Registration> {
    Ok(registrations::table
        .find(id)
        .select(Registration::as_select())
        .first(conn)?)
}

pub fn find_by_attendee(
    conn: &mut DbConn,
    event_id: i64,
    key: &str,
) -> Result<Option<Registration>> {
    Ok(registrations::table
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::attendee_key.eq(key))
        .select(Registration::as_select())
        .first(conn)
        .optional()?)
}

/// Place on the waiting list: 1 is next.
pub(in crate::events) fn position(conn: &mut DbConn, registration: &Registration) -> Result<i64> {
    let ahead: i64 = registrations::table
        .filter(registrations::event_id.eq(registration.event_id))
        .filter(registrations::status.eq(RegistrationStatus::Waitlisted))
        .filter(registrations::id.lt(registration.id))
        .count()
        .get_result(conn)?;
    Ok(ahead + 1)
}

pub(in crate::events) fn set_status(
    conn: &mut DbConn,
    id: i64,
    status: RegistrationStatus,
) -> Result<()> {
    diesel::update(registrations::table.find(id))
        .set((
            registrations::status.eq(status),
            registrations::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn insert(
    conn: &mut DbConn,
    event_id: i64,
    attendee: &Attendee,
    channel: Channel,
    channel_ref: Option<&str>,
    message: &str,
    status: RegistrationStatus,
    hold_until: Option<NaiveDateTime>,
) -> Result<Registration> {
    let at = now();
    let id: i64 = diesel::insert_into(registrations::table)
        .values((
            registrations::event_id.eq(event_id),
            registrations::attendee_key.eq(&attendee.key),
            registrations::name.eq(&attendee.name),
            registrations::email.eq(&attendee.email),
            registrations::actor_id.eq(&attendee.actor_id),
            registrations::channel.eq(channel),
            registrations::channel_ref.eq(channel_ref),
            registrations::lang.eq(&attendee.lang),
            registrations::status.eq(status),
            registrations::message.eq(message),
            registrations::checked_in.eq(false),
            registrations::created_at.eq(at),
            registrations::updated_at.eq(at),
            registrations::hold_until.eq(hold_until),
        ))
        .returning(registrations::id)
        .get_result(conn)?;
    find(conn, id)
}

/// How many registrations arrived since `since`, whatever became of them.
pub fn count_since(conn: &mut DbConn, since: NaiveDateTime) -> Result<i64> {
    Ok(registrations::table
        .filter(registrations::created_at.ge(since))
        .count()
        .get_result(conn)?)
}
