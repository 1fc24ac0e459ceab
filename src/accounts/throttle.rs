//! Throttling of failed password checks (the login form, and the current password on the
//! password change form), kept in the database so that it holds across processes.
//!
//! Failures are counted per (account, client address), never per account alone: a stranger
//! who fails again and again on the admin's address slows down only themselves, and the admin
//! logging in from their own address is not locked out. Two rules:
//! - per account and address, the first `FREE_FAILURES` failures cost nothing; after them each
//!   new try must wait `FIRST_DELAY`, doubled at each further failure, up to `MAX_DELAY`;
//! - per address across accounts (password spraying: one password tried on many accounts),
//!   `MAX_PER_CLIENT` failures within the window block the address until they age out.
//!
//! While throttled, even the right password is refused: otherwise the delay would not stop
//! anyone guessing.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{DbConn, now, schema::login_failures_by_client as failures};
use crate::error::{Error, Result};

/// Failures of one account from one address that cost nothing yet.
pub const FREE_FAILURES: i64 = 5;
/// The wait after the first failure past the free ones; it doubles at each further failure.
pub const FIRST_DELAY: Duration = Duration::minutes(1);
pub const MAX_DELAY: Duration = Duration::minutes(30);
/// Failures from one address, whatever the account, that block the address.
pub const MAX_PER_CLIENT: i64 = 20;
/// How long a failure counts.
pub const WINDOW: Duration = Duration::hours(1);

/// The wait imposed after `failures` failures of one account from one address.
pub fn delay_after(failures: i64) -> Option<Duration> {
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = (failures - FREE_FAILURES).min(16) as i32;
    Some((FIRST_DELAY * 2i32.pow(doublings as u32)).min(MAX_DELAY))
}

/// Refuses with `TooManyRequests` while `email` may not be tried from `client`.
pub fn check(conn: &mut DbConn, email: &str, client: &str) -> Result<()> {
    let since = now() - WINDOW;
    let from_client: i64 = failures::table
        .filter(failures::client_addr.eq(client))
        .filter(failures::failed_at.gt(since))
        .count()
        .get_result(conn)?;
    if from_client >= MAX_PER_CLIENT {
        return Err(Error::TooManyRequests);
    }
    let (count, last): (i64, Option<NaiveDateTime>) = failures::table
        .filter(failures::client_addr.eq(client))
        .filter(failures::email.eq(email))
        .filter(failures::failed_at.gt(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(failures::failed_at),
        ))
        .first(conn)?;
    match (delay_after(count), last) {
        (Some(delay), Some(last)) if now() < last + delay => Err(Error::TooManyRequests),
        _ => Ok(()),
    }
}

pub fn record_failure(conn: &mut DbConn, email: &str, client: &str) -> Result<()> {
    diesel::insert_into(failures::table)
        .values((
            failures::email.eq(email),
            failures::client_addr.eq(client),
            failures::failed_at.eq(now()),
        ))
        .execute(conn)?;
    // Old rows say nothing any more.
    diesel::delete(failures::table.filter(failures::failed_at.lt(now() - WINDOW))).execute(conn)?;
    Ok(())
}

/// After a success: the owner's own typos from this address are forgotten.
pub fn clear(conn: &mut DbConn, email: &str, client: &str) -> Result<()> {
    diesel::delete(
        failures::table
            .filter(failures::email.eq(email))
            .filter(failures::client_addr.eq(client)),
    )
    .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_failures_and_double_up_to_the_cap() {
        assert_eq!(delay_after(FREE_FAILURES - 1), None);
        assert_eq!(delay_after(FREE_FAILURES), Some(Duration::minutes(1)));
        assert_eq!(delay_after(FREE_FAILURES + 1), Some(Duration::minutes(2)));
        assert_eq!(delay_after(FREE_FAILURES + 3), Some(Duration::minutes(8)));
        assert_eq!(delay_after(FREE_FAILURES + 10), Some(MAX_DELAY));
        assert_eq!(delay_after(10_000), Some(MAX_DELAY));
    }
}
