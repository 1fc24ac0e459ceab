//! A small key-value table for what the server keeps about itself (its key pair, the setup
//! link), as opposed to what the operator configures.

use diesel::prelude::*;

use super::{DbConn, schema::settings};

pub fn get(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    settings::table
        .find(key)
        .select(settings::value)
        .first(conn)
        .optional()
}

pub fn set(conn: &mut DbConn, key: &str, value: &str) -> QueryResult<()> {
    crate::db::transaction(conn, |c| {
        diesel::delete(settings::table.find(key)).execute(c)?;
        diesel::insert_into(settings::table)
            .values((settings::key.eq(key), settings::value.eq(value)))
            .execute(c)?;
        Ok(())
    })
}

/// Sets the value only if the key has none yet; returns the value that is kept. Two processes
/// starting at once on one database both end up with the same value.
pub fn set_once(conn: &mut DbConn, key: &str, value: &str) -> QueryResult<String> {
    let inserted = diesel::insert_into(settings::table)
        .values((settings::key.eq(key), settings::value.eq(value)))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(value.to_string()),
        Err(e) if super::is_unique_violation(&e) => {
            get(conn, key)?.ok_or(diesel::result::Error::NotFound)
        }
        Err(e) => Err(e),
    }
}

pub fn delete(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(settings::table.find(key)).execute(conn)?;
    Ok(())
}
