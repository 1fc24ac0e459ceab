//! Consents: what a person agreed to (the newsletter, photos) or withdrew, when and how. The
//! log is the proof the GDPR asks for: rows are added, never changed.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::history;
use std::collections::HashSet;

use crate::db::{CHUNK, DbConn, TextEnum, insert_many, now, schema::consents};
use crate::error::{Error, FieldError, Result};

/// What a person may agree to: the kinds of consent the forms ask for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum ConsentKind {
    /// Receiving the newsletter.
    Newsletter,
    /// Being shown in the association's photos.
    Photos,
}

impl TextEnum for ConsentKind {
    const ALL: &'static [Self] = &[ConsentKind::Newsletter, ConsentKind::Photos];

    fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Newsletter => "newsletter",
            ConsentKind::Photos => "photos",
        }
    }
}

crate::stored_as_text!(ConsentKind);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub id: i64,
    pub contact_id: i64,
    pub kind: ConsentKind,
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
    pub fn check(&self) -> Result<(ConsentKind, bool, String)> {
        let mut errors = Vec::new();
        let kind = ConsentKind::parse(self.kind.trim());
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
    kind: ConsentKind,
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
    history::record(
        conn,
        contact_id,
        by,
        history::Action::Consent,
        &detail(kind, given),
    )
}

/// Many answers of one kind at once (an import), `(contact id, given)` each: a line of the
/// log and one of the person's history for each, in multi-row inserts.
pub fn record_many(
    conn: &mut DbConn,
    answers: &[(i64, bool)],
    kind: ConsentKind,
    source: &str,
    by: Option<i64>,
    at: NaiveDateTime,
) -> Result<()> {
    let rows: Vec<_> = answers
        .iter()
        .map(|(contact_id, given)| {
            (
                consents::contact_id.eq(*contact_id),
                consents::kind.eq(kind),
                consents::given.eq(*given),
                consents::source.eq(source),
                consents::recorded_by.eq(by),
                consents::recorded_at.eq(at),
            )
        })
        .collect();
    insert_many(conn, consents::table, rows)?;
    let details: Vec<String> = answers
        .iter()
        .map(|(_, given)| detail(kind, *given))
        .collect();
    let lines: Vec<(i64, &str)> = answers
        .iter()
        .zip(&details)
        .map(|((contact_id, _), detail)| (*contact_id, detail.as_str()))
        .collect();
    history::record_many(conn, &lines, by, history::Action::Consent, at)
}

/// The history line of an answer: its kind and which way it went, read by each reader in
/// their language.
fn detail(kind: ConsentKind, given: bool) -> String {
    format!(
        "{}:{}",
        kind.as_str(),
        if given { "given" } else { "withdrawn" }
    )
}

/// Which of these records have ever answered about this kind of consent.
pub fn answered(conn: &mut DbConn, contact_ids: &[i64], kind: ConsentKind) -> Result<HashSet<i64>> {
    let mut found = HashSet::new();
    for chunk in contact_ids.chunks(CHUNK) {
        found.extend(
            consents::table
                .filter(consents::contact_id.eq_any(chunk))
                .filter(consents::kind.eq(kind))
                .select(consents::contact_id)
                .load::<i64>(conn)?,
        );
    }
    Ok(found)
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
pub fn holds(conn: &mut DbConn, contact_id: i64, kind: ConsentKind) -> Result<bool> {
    Ok(current(conn, contact_id)?
        .iter()
        .any(|c| c.kind == kind && c.given))
}
