//! Accounts offered by mail: an admin gives an address, a name and a role; the person gets a
//! link, valid `VALIDITY` and usable once, to a page where they choose their own password.
//! Nobody but them ever knows it. The account exists only once the link is used.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{Role, User, tokens, users};
use crate::db::{DbConn, now, schema::invitations};
use crate::error::{Error, Result};

pub const VALIDITY: Duration = Duration::days(7);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub expires_at: NaiveDateTime,
}

/// Makes an invitation; returns the secret to put in the link, and the normalized address.
/// An address that already has an account is refused.
pub fn create(
    conn: &mut DbConn,
    email: &str,
    display_name: &str,
    role: Role,
    invited_by: i64,
) -> Result<(String, String)> {
    let email = users::normalize_email(email)?;
    if users::find_by_email(conn, &email)?.is_some() {
        return Err(Error::invalid("email", "email_taken"));
    }
    let display_name = display_name.trim();
    if display_name.chars().count() > 200 {
        return Err(Error::invalid("name", "too_long"));
    }
    let secret = tokens::random_token(32);
    let at = now();
    diesel::insert_into(invitations::table)
        .values((
            invitations::token_hash.eq(tokens::hash(&secret)),
            invitations::email.eq(&email),
            invitations::display_name.eq(display_name),
            invitations::role.eq(role),
            invitations::invited_by.eq(Some(invited_by)),
            invitations::created_at.eq(at),
            invitations::expires_at.eq(at + VALIDITY),
        ))
        .execute(conn)?;
    Ok((secret, email))
}

/// The invitation of a link if it is unused and unexpired.
pub fn find_valid(conn: &mut DbConn, secret: &str) -> Result<Option<Invitation>> {
    Ok(invitations::table
        .filter(invitations::token_hash.eq(tokens::hash(secret)))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now()))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?)
}

/// Creates the account with the chosen password and spends the link, in one transaction; a
/// used or expired link is refused and nothing is written.
pub fn accept(conn: &mut DbConn, secret: &str, password: &str) -> Result<User> {
    crate::db::transaction(conn, |c| {
        let invitation =
            find_valid(c, secret)?.ok_or(Error::invalid("token", "invitation_invalid"))?;
        // Spent first, checking that it was still unused: of two tries at once, one wins.
        let spent = diesel::update(
            invitations::table
                .find(invitation.id)
                .filter(invitations::used_at.is_null()),
        )
        .set(invitations::used_at.eq(Some(now())))
        .execute(c)?;
        if spent == 0 {
            return Err(Error::invalid("token", "invitation_invalid"));
        }
        users::create(
            c,
            &invitation.email,
            &invitation.display_name,
            password,
            invitation.role,
        )
    })
}

/// Invitations not used yet, newest first, for the accounts page.
pub fn pending(conn: &mut DbConn) -> Result<Vec<Invitation>> {
    Ok(invitations::table
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now()))
        .order(invitations::id.desc())
        .select(Invitation::as_select())
        .load(conn)?)
}
