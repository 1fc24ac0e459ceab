//! Throttling of failed logins, kept in the database so that it holds across processes.

use chrono::Duration;
use diesel::prelude::*;

use crate::db::{DbConn, now, schema::login_failures};
use crate::error::Result;

/// This many failures for one address within the window blocks it until they age out.
pub const MAX_FAILURES: i64 = 5;
pub const WINDOW: Duration = Duration::minutes(15);

pub fn record_failure(conn: &mut DbConn, email: &str) -> Result<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::email.eq(email),
            login_failures::failed_at.eq(now()),
        ))
        .execute(conn)?;
    // Old rows say nothing any more.
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(now() - WINDOW)))
        .execute(conn)?;
    Ok(())
}

pub fn is_throttled(conn: &mut DbConn, email: &str) -> Result<bool> {
    let recent: i64 = login_failures::table
        .filter(login_failures::email.eq(email))
        .filter(login_failures::failed_at.gt(now() - WINDOW))
        .count()
        .get_result(conn)?;
    Ok(recent >= MAX_FAILURES)
}
