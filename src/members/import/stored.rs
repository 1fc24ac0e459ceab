//! The file between its preview and its import: kept a day, seen only by who uploaded it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    Decoded, KEEP_HOURS, Table, delimiter_from_name, delimiter_name, guess_delimiter, parse,
};
use crate::db::{DbConn, now, schema::contact_imports};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contact_imports)]
pub struct Stored {
    pub id: i64,
    pub user_id: i64,
    pub filename: String,
    pub encoding: String,
    pub delimiter: String,
    pub content: String,
    pub created_at: NaiveDateTime,
}

impl Stored {
    pub fn table(&self) -> Result<Table> {
        parse(&self.content, delimiter_from_name(&self.delimiter))
    }
}

/// Keeps a decoded file for its preview; forgets files older than a day first.
pub fn store(conn: &mut DbConn, user_id: i64, filename: &str, decoded: &Decoded) -> Result<i64> {
    let at = now();
    diesel::delete(
        contact_imports::table
            .filter(contact_imports::created_at.lt(at - chrono::Duration::hours(KEEP_HOURS))),
    )
    .execute(conn)?;
    let delimiter = guess_delimiter(&decoded.text);
    let filename: String = filename
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    Ok(diesel::insert_into(contact_imports::table)
        .values((
            contact_imports::user_id.eq(user_id),
            contact_imports::filename.eq(if filename.is_empty() {
                "import.csv"
            } else {
                &filename
            }),
            contact_imports::encoding.eq(decoded.encoding.as_str()),
            contact_imports::delimiter.eq(delimiter_name(delimiter)),
            contact_imports::content.eq(&decoded.text),
            contact_imports::created_at.eq(at),
        ))
        .returning(contact_imports::id)
        .get_result(conn)?)
}

/// A kept file; only the person who uploaded it sees it.
pub fn find_stored(conn: &mut DbConn, id: i64, user_id: i64) -> Result<Stored> {
    contact_imports::table
        .find(id)
        .filter(contact_imports::user_id.eq(user_id))
        .select(Stored::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn forget(conn: &mut DbConn, id: i64) -> Result<()> {
    diesel::delete(contact_imports::table.find(id)).execute(conn)?;
    Ok(())
}
