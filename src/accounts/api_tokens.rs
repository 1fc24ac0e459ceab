//! Personal API tokens: a member creates one in the dashboard (or the operator with
//! `cheminement admin token`) and sends it as `Authorization: Bearer ...`. A token acts with
//! its owner's role, as it is at the time of each request.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{User, tokens};
use crate::db::{
    DbConn, now,
    schema::{api_tokens, users},
};
use crate::error::{Error, Result};

/// Tokens start with this, so that a leaked one is easy to recognise in a log or a repository.
pub const PREFIX: &str = "chm_";

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
}

/// Creates a token; the secret is returned once and never stored.
pub fn create(conn: &mut DbConn, user_id: i64, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid("name", "token_name_required"));
    }
    let secret = format!("{PREFIX}{}", tokens::random_token(32));
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::token_hash.eq(tokens::hash(&secret)),
            api_tokens::user_id.eq(user_id),
            api_tokens::name.eq(name),
            api_tokens::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(secret)
}

/// The owner of a token, marking it used.
pub fn authenticate(conn: &mut DbConn, secret: &str) -> Result<Option<User>> {
    let hash = tokens::hash(secret.trim());
    let found = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(&hash))
        .select((api_tokens::id, api_tokens::last_used_at, User::as_select()))
        .first::<(i64, Option<NaiveDateTime>, User)>(conn)
        .optional()?;
    let Some((id, last_used, user)) = found else {
        return Ok(None);
    };
    // Written at most once a minute per token, so that a busy client does not make every
    // request a write.
    let at = now();
    if last_used.is_none_or(|t| at - t > chrono::Duration::minutes(1)) {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(Some(at)))
            .execute(conn)?;
    }
    Ok(Some(user))
}

pub fn list(conn: &mut DbConn, user_id: i64) -> Result<Vec<ApiToken>> {
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .order(api_tokens::id.desc())
        .select(ApiToken::as_select())
        .load(conn)?)
}

pub fn revoke(conn: &mut DbConn, user_id: i64, id: i64) -> Result<()> {
    let n = diesel::delete(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if n == 0 { Err(Error::NotFound) } else { Ok(()) }
}
