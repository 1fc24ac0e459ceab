//! Consents: what a person agreed to (the newsletter, photos) or withdrew, when and how. The
//! log is the proof the GDPR asks for: rows are added, never changed.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::history;
use crate::db::{DbConn, now, schema::consents};
use crate::error::{Error, FieldError, Result};

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

/// A consent as a face read it; `given` is `None` when the answer was not understood.
pub struct ConsentAnswer {
    pub kind: String,
    pub given: Option<bool>,
    pub source: String,
}

impl ConsentAnswer {
    /// The consent's kind, answer and source, or every mistake in it.
    pub fn check(&self) -> Result<(&'static str, bool, String)> {
        let mut errors = Vec::new();
        let kind = KINDS.iter().find(|k| **k == self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError {
                field: "kind",
                code: "contact_consent_kind_invalid",
            });
        }
        if self.given.is_none() {
            errors.push(FieldError {
                field: "given",
                code: "required",
            });
        }
        let source = self.source.trim();
        if source.is_empty() {
            errors.push(FieldError {
                field: "source",
                code: "required",
            });
        } else if source.chars().count() > 200 {
            errors.push(FieldError {
                field: "source",
                code: "too_long",
            });
        }
        match (kind, self.given) {
            (Some(kind), Some(given)) if errors.is_empty() => Ok((kind, given, source.to_string())),
            _ => Err(Error::Invalid(errors)),
        }
    }
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
