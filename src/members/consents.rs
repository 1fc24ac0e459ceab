//! Consents: what a person agreed to (the newsletter, photos) or withdrew, when and how. The
//! log is the proof the GDPR asks for: rows are added, never changed.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::history;
use crate::db::{DbConn, now, schema::consents};
use crate::error::Result;

pub const NEWSLETTER: &str = "newsletter";
pub const PHOTOS: &str = "photos";
/// The kinds of consent the forms ask for.
pub const KINDS: [&str; 2] = [NEWSLETTER, PHOTOS];

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub id: i64,
    pub contact_id: i64,
    pub kind: String,
    pub given: bool,
    pub source: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: NaiveDateTime,
}

/// Adds a line to the log: `given` or withdrawn, with how (`source`) and who typed it (`by`).
pub fn record(
    conn: &mut DbConn,
    contact_id: i64,
    kind: &str,
    given: bool,
    source: &str,
    by: Option<i64>,
) -> Result<()> {
    diesel::insert_into(consents::table)
        .values((
            consents::contact_id.eq(contact_id),
            consents::kind.eq(kind),
            consents::given.eq(given),
            consents::source.eq(source),
            consents::recorded_by.eq(by),
            consents::recorded_at.eq(now()),
        ))
        .execute(conn)?;
    let detail = format!("{kind}:{}", if given { "given" } else { "withdrawn" });
    history::record(conn, contact_id, by, history::CONSENT, &detail)
}

/// The whole log of a person, oldest first.
pub fn log(conn: &mut DbConn, contact_id: i64) -> Result<Vec<Consent>> {
    Ok(consents::table
        .filter(consents::contact_id.eq(contact_id))
        .order((consents::recorded_at.asc(), consents::id.asc()))
        .select(Consent::as_select())
        .load(conn)?)
}

/// Each kind's latest line: what holds today.
pub fn current(conn: &mut DbConn, contact_id: i64) -> Result<Vec<Consent>> {
    let mut latest: Vec<Consent> = Vec::new();
    for line in log(conn, contact_id)? {
        match latest.iter_mut().find(|c| c.kind == line.kind) {
            Some(slot) => *slot = line,
            None => latest.push(line),
        }
    }
    Ok(latest)
}

/// Whether the latest line of this kind says yes.
pub fn holds(conn: &mut DbConn, contact_id: i64, kind: &str) -> Result<bool> {
    Ok(current(conn, contact_id)?
        .iter()
        .any(|c| c.kind == kind && c.given))
}
