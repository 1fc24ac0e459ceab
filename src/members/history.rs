//! What happened to a person's record (created, edited, merged, a membership, a consent...),
//! shown on their page. Lines are short keys with a detail, so that each reader sees them in
//! their language.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::{DbConn, insert_many, now, schema::contact_log};
use crate::error::Result;

pub const CREATED: &str = "created";
pub const EDITED: &str = "edited";
pub const MERGED: &str = "merged";
pub const ACCOUNT_LINKED: &str = "account_linked";
pub const CONSENT: &str = "consent";
pub const MEMBERSHIP: &str = "membership";
pub const SUBSCRIBED: &str = "subscribed";
pub const UNSUBSCRIBED: &str = "unsubscribed";
pub const BOUNCED: &str = "bounced";
pub const REMINDED: &str = "reminded";
pub const IMPORTED: &str = "imported";
pub const EXPORTED: &str = "exported";
pub const ANONYMIZED: &str = "anonymized";

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = contact_log)]
pub struct Entry {
    pub id: i64,
    pub contact_id: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub detail: String,
    pub at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConn,
    contact_id: i64,
    by: Option<i64>,
    action: &str,
    detail: &str,
) -> Result<()> {
    diesel::insert_into(contact_log::table)
        .values((
            contact_log::contact_id.eq(contact_id),
            contact_log::user_id.eq(by),
            contact_log::action.eq(action),
            contact_log::detail.eq(detail),
            contact_log::at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Lines of history on many records at once (an import): `(contact id, detail)` each, all by
/// the same person, of the same kind, at the same time.
pub fn record_many(
    conn: &mut DbConn,
    lines: &[(i64, &str)],
    by: Option<i64>,
    action: &str,
    at: NaiveDateTime,
) -> Result<()> {
    let rows: Vec<_> = lines
        .iter()
        .map(|(contact_id, detail)| {
            (
                contact_log::contact_id.eq(*contact_id),
                contact_log::user_id.eq(by),
                contact_log::action.eq(action),
                contact_log::detail.eq(*detail),
                contact_log::at.eq(at),
            )
        })
        .collect();
    insert_many(conn, contact_log::table, rows)?;
    Ok(())
}

/// A person's history, newest first.
pub fn list(conn: &mut DbConn, contact_id: i64) -> Result<Vec<Entry>> {
    Ok(contact_log::table
        .filter(contact_log::contact_id.eq(contact_id))
        .order((contact_log::at.desc(), contact_log::id.desc()))
        .select(Entry::as_select())
        .load(conn)?)
}
