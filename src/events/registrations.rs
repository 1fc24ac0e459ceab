//! Registrations: one per person and event, capped at the capacity, with a first-come waiting
//! list.
//!
//! The rule that keeps a room of 19 from holding 20: a seat is taken by one conditional
//! `UPDATE events SET confirmed_count = confirmed_count + 1 WHERE capacity IS NULL OR
//! confirmed_count < capacity`, in the same transaction as the registration's row. The database
//! serialises those updates on the event's row (PostgreSQL's row lock, SQLite's single writer),
//! so whatever arrives at once, from however many processes, only as many succeed as there are
//! seats; a CHECK constraint backs it up. The unique key (event, attendee) stops doubles.
//!
//! Every change to an event's registrations also starts by locking the event's row (`lock`),
//! so that they happen one after the other per event: the place on the waiting list told to
//! someone is their real place, and promotions follow arrival order, on PostgreSQL too.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{
    agenda::{self, Event, EventStatus},
    notices::{self, Links, Notice},
};
use crate::db::{
    DbConn, TextEnum, now,
    schema::{events, registrations},
};
use crate::error::{Error, FieldError, Result};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    /// Waiting for an organizer's approval.
    Pending,
    Confirmed,
    Waitlisted,
    Cancelled,
    Refused,
    /// A web registration whose address was not confirmed in time: its place was released.
    Expired,
}

impl TextEnum for RegistrationStatus {
    const ALL: &'static [Self] = &[
        RegistrationStatus::Pending,
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Cancelled,
        RegistrationStatus::Refused,
        RegistrationStatus::Expired,
    ];

    fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
            RegistrationStatus::Refused => "refused",
            RegistrationStatus::Expired => "expired",
        }
    }
}

crate::stored_as_text!(RegistrationStatus);

impl RegistrationStatus {
    /// Still holds a place or a place in the queue.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Pending
                | RegistrationStatus::Confirmed
                | RegistrationStatus::Waitlisted
        )
    }
}

/// How the person registered, and so how they are answered.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The web form: answered by mail.
    Web,
    /// A Mobilizon `Join`: answered by `Accept`/`Reject`.
    Join,
    /// A vote in the event's poll (Mastodon, Misskey): answered by a direct message.
    Poll,
    /// A Friendica `Accept`/`TentativeAccept` of the event: answered by a direct message.
    Accept,
}

impl TextEnum for Channel {
    const ALL: &'static [Self] = &[Channel::Web, Channel::Join, Channel::Poll, Channel::Accept];

    fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Join => "join",
            Channel::Poll => "poll",
            Channel::Accept => "accept",
        }
    }
}

crate::stored_as_text!(Channel);

impl Channel {
    pub fn is_fediverse(self) -> bool {
        self != Channel::Web
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
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

/// Who registers.
#[derive(Debug, Clone)]
pub struct Attendee {
    /// `mailto:address` for the web, the actor id for the fediverse.
    pub key: String,
    pub name: String,
    pub email: Option<String>,
    pub actor_id: Option<String>,
    /// `fr` or `en`: the language of the answers.
    pub lang: String,
}

impl Attendee {
    /// Someone registering on the website: a name and a valid address are required.
    pub fn web(name: &str, email: &str, lang: &str) -> Result<Attendee> {
        let mut errors = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errors.push(FieldError {
                field: "name",
                code: "required",
            });
        } else if name.chars().count() > 200 {
            errors.push(FieldError {
                field: "name",
                code: "too_long",
            });
        }
        let email = match crate::accounts::users::normalize_email(email) {
            Ok(email) => Some(email),
            Err(_) => {
                errors.push(FieldError {
                    field: "email",
                    code: "email_invalid",
                });
                None
            }
        };
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let email = email.expect("checked");
        Ok(Attendee {
            key: format!("mailto:{email}"),
            name: name.to_string(),
            email: Some(email),
            actor_id: None,
            lang: lang.into(),
        })
    }

    /// A fediverse account, known by its actor id.
    pub fn fediverse(actor_id: &str, name: &str, lang: &str) -> Attendee {
        let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
        Attendee {
            key: actor_id.to_string(),
            name: if name.trim().is_empty() {
                actor_id.to_string()
            } else {
                name
            },
            email: None,
            actor_id: Some(actor_id.to_string()),
            lang: lang.into(),
        }
    }
}

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
        let hold = super::holds::settings(conn, event_id)?;
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
        super::holds::schedule_release(conn, &registration)?;
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

/// Locks the event's row until the transaction ends, with an update that changes nothing
/// (portable: PostgreSQL takes the row lock, SQLite already holds the write lock). Others
/// changing the same event's registrations wait here; other events are not held up.
pub(super) fn lock(conn: &mut DbConn, event_id: i64) -> Result<()> {
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
fn take_seat(conn: &mut DbConn, event_id: i64) -> Result<bool> {
    let taken = diesel::update(events::table.find(event_id).filter(diesel::dsl::sql::<
        diesel::sql_types::Bool,
    >(
        "(capacity IS NULL OR confirmed_count < capacity)",
    )))
    .set(events::confirmed_count.eq(events::confirmed_count + 1))
    .execute(conn)?;
    Ok(taken == 1)
}

pub(super) fn release_seat(conn: &mut DbConn, event_id: i64) -> Result<()> {
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
pub(super) fn promote(
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

/// Place on the waiting list: 1 is next.
pub(super) fn position(conn: &mut DbConn, registration: &Registration) -> Result<i64> {
    let ahead: i64 = registrations::table
        .filter(registrations::event_id.eq(registration.event_id))
        .filter(registrations::status.eq(RegistrationStatus::Waitlisted))
        .filter(registrations::id.lt(registration.id))
        .count()
        .get_result(conn)?;
    Ok(ahead + 1)
}

pub(super) fn set_status(conn: &mut DbConn, id: i64, status: RegistrationStatus) -> Result<()> {
    diesel::update(registrations::table.find(id))
        .set((
            registrations::status.eq(status),
            registrations::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert(
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
