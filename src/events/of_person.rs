//! The events one person registered for, seen from their own page.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{
    DbConn,
    schema::{events, registrations},
};
use crate::error::Result;

/// At most this many are listed: the page is for a person, not an archive.
const LIMIT: i64 = 200;

/// One registration of a person, with its event.
#[derive(Debug, Clone, Queryable)]
pub struct PersonRegistration {
    pub title: String,
    pub slug: String,
    pub starts_at: NaiveDateTime,
    /// The registration's status, as stored.
    pub status: String,
}

/// The registrations made with this address key (`contacts.email_key`), latest event first.
pub fn registrations_of(conn: &mut DbConn, email_key: &str) -> Result<Vec<PersonRegistration>> {
    Ok(registrations::table
        .inner_join(events::table)
        .filter(registrations::email.eq(email_key))
        .order(events::starts_at.desc())
        .select((
            events::title,
            events::slug,
            events::starts_at,
            registrations::status,
        ))
        .limit(LIMIT)
        .load(conn)?)
}
