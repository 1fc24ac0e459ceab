//! Password reset by mail: a link valid for one hour, usable once. Finishing one voids every
//! other link of the account and ends all its sessions; at most `MAX_PER_HOUR` links are
//! mailed to one address in an hour, so that the form cannot be used to flood a mailbox.

use chrono::Duration;
use diesel::prelude::*;

use super::{tokens, users};
use crate::db::{DbConn, now, schema::password_resets};
use crate::error::{Error, Result};

pub const VALIDITY: Duration = Duration::hours(1);
/// Reset mails to one address within an hour; more asks are answered the same, with no mail.
pub const MAX_PER_HOUR: i64 = 3;

/// Starts a reset for the account with this address, if there is one. Returns the secret to
/// put in the link, and the account's address. Says nothing when there is no such account, so
/// that the form cannot be used to find out who has one, nor when the hourly limit is
/// reached.
pub fn start(conn: &mut DbConn, email: &str) -> Result<Option<(String, String)>> {
    let Some(user) = users::find_by_email(conn, email)? else {
        return Ok(None);
    };
    // A link is made `VALIDITY` before it expires: those made within the hour, used or not.
    let recent: i64 = password_resets::table
        .filter(password_resets::user_id.eq(user.id))
        .filter(password_resets::expires_at.gt(now() + VALIDITY - Duration::hours(1)))
        .count()
        .get_result(conn)?;
    if recent >= MAX_PER_HOUR {
        return Ok(None);
    }
    let secret = tokens::random_token(32);
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(tokens::hash(&secret)),
            password_resets::user_id.eq(user.id),
            password_resets::expires_at.eq(now() + VALIDITY),
        ))
        .execute(conn)?;
    Ok(Some((secret, user.email)))
}

/// Whether a link is still good, without using it (to show the form).
pub fn is_valid(conn: &mut DbConn, secret: &str) -> Result<bool> {
    Ok(password_resets::table
        .filter(password_resets::token_hash.eq(tokens::hash(secret)))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now()))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Sets the new password, spends the link and voids the account's other links, and ends every
/// session of the account (`set_password`), in one transaction.
pub fn finish(conn: &mut DbConn, secret: &str, new_password: &str) -> Result<i64> {
    crate::accounts::passwords::check_new(new_password)?;
    crate::db::transaction(conn, |c| {
        let user_id: i64 = password_resets::table
            .filter(password_resets::token_hash.eq(tokens::hash(secret)))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now()))
            .select(password_resets::user_id)
            .first(c)
            .optional()?
            .ok_or(Error::invalid("token", "reset_link_invalid"))?;
        // Marked used rather than deleted: they still count towards the hourly limit.
        diesel::update(
            password_resets::table
                .filter(password_resets::user_id.eq(user_id))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(Some(now())))
        .execute(c)?;
        users::set_password(c, user_id, new_password)?;
        Ok(user_id)
    })
}
