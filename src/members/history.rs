//! What happened to a person's record (created, edited, merged, a membership, a consent...),
//! shown on their page. Lines are short keys with a detail, so that each reader sees them in
//! their language.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::{DbConn, TextEnum, insert_many, now, schema::contact_log};
use crate::error::Result;

/// What happened to a record: one history line's kind.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Created,
    Edited,
    Merged,
    AccountLinked,
    Consent,
    Membership,
    Subscribed,
    Unsubscribed,
    Bounced,
    Reminded,
    Imported,
    Exported,
    Anonymized,
}

impl TextEnum for Action {
    const ALL: &'static [Self] = &[
        Action::Created,
        Action::Edited,
        Action::Merged,
        Action::AccountLinked,
        Action::Consent,
        Action::Membership,
        Action::Subscribed,
        Action::Unsubscribed,
        Action::Bounced,
        Action::Reminded,
        Action::Imported,
        Action::Exported,
        Action::Anonymized,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Edited => "edited",
            Action::Merged => "merged",
            Action::AccountLinked => "account_linked",
            Action::Consent => "consent",
            Action::Membership => "membership",
            Action::Subscribed => "subscribed",
            Action::Unsubscribed => "unsubscribed",
            Action::Bounced => "bounced",
            Action::Reminded => "reminded",
            Action::Imported => "imported",
            Action::Exported => "exported",
            Action::Anonymized => "anonymized",
        }
    }
}

crate::stored_as_text!(Action);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = contact_log)]
pub struct Entry {
    pub id: i64,
    pub contact_id: i64,
    pub user_id: Option<i64>,
    pub action: Action,
    pub detail: String,
    pub at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConn,
    contact_id: i64,
    by: Option<i64>,
    action: Action,
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
    action: Action,
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
