//! Login sessions, stored in the database so that they survive a restart and are shared by
//! several processes. The cookie holds a random token; the table holds its hash.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{User, tokens};
use crate::db::{
    DbConn, now,
    schema::{sessions, users},
};
use crate::error::Result;

pub const LIFETIME: Duration = Duration::days(30);

pub struct Session {
    pub id: i64,
    pub user: User,
    /// The token every form of this session must send back (CSRF protection).
    pub csrf_token: String,
    pub expires_at: NaiveDateTime,
}

/// Opens a session; returns the secret to put in the cookie.
pub fn open(conn: &mut DbConn, user_id: i64) -> Result<String> {
    let token = tokens::random_token(32);
    let at = now();
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(tokens::hash(&token)),
            sessions::user_id.eq(user_id),
            sessions::csrf_token.eq(tokens::random_token(24)),
            sessions::created_at.eq(at),
            sessions::expires_at.eq(at + LIFETIME),
        ))
        .execute(conn)?;
    Ok(token)
}

pub fn find(conn: &mut DbConn, token: &str) -> Result<Option<Session>> {
    let found = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(tokens::hash(token)))
        .filter(sessions::expires_at.gt(now()))
        .select((
            sessions::id,
            sessions::csrf_token,
            sessions::expires_at,
            User::as_select(),
        ))
        .first::<(i64, String, NaiveDateTime, User)>(conn)
        .optional()?;
    Ok(found.map(|(id, csrf_token, expires_at, user)| Session {
        id,
        user,
        csrf_token,
        expires_at,
    }))
}

pub fn end(conn: &mut DbConn, token: &str) -> Result<()> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(tokens::hash(token))))
        .execute(conn)?;
    Ok(())
}

pub fn end_all(conn: &mut DbConn, user_id: i64) -> Result<()> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
    Ok(())
}
