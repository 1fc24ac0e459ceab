//! Accounts: who can log in, with which role.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{Role, passwords};
use crate::db::{DbConn, now, schema::users};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    #[serde(skip)]
    pub role: Role,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl User {
    /// The account's role (an unknown stored word is a read error, never the least role).
    pub fn role(&self) -> Role {
        self.role
    }
}

/// Lower-cases and trims an address, and checks that it looks like one.
pub fn normalize_email(email: &str) -> Result<String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',');
    if valid {
        Ok(email)
    } else {
        Err(Error::invalid("email", "email_invalid"))
    }
}

pub fn create(
    conn: &mut DbConn,
    email: &str,
    display_name: &str,
    password: &str,
    role: Role,
) -> Result<User> {
    let email = normalize_email(email)?;
    passwords::check_new(password)?;
    let display_name = match display_name.trim() {
        "" => email.split('@').next().unwrap_or("").to_string(),
        name => name.to_string(),
    };
    let hash = passwords::hash(password)?;
    let at = now();
    let inserted = diesel::insert_into(users::table)
        .values((
            users::email.eq(&email),
            users::display_name.eq(&display_name),
            users::password_hash.eq(&hash),
            users::role.eq(role),
            users::created_at.eq(at),
            users::updated_at.eq(at),
        ))
        .returning(users::id)
        .get_result::<i64>(conn);
    match inserted {
        Ok(id) => find(conn, id),
        Err(e) if crate::db::is_unique_violation(&e) => Err(Error::invalid("email", "email_taken")),
        Err(e) => Err(e.into()),
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<User> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)?)
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<User>> {
    let email = email.trim().to_lowercase();
    Ok(users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut DbConn) -> Result<Vec<User>> {
    Ok(users::table
        .order(users::email)
        .select(User::as_select())
        .load(conn)?)
}

pub fn count(conn: &mut DbConn) -> Result<i64> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn set_role(conn: &mut DbConn, id: i64, role: Role) -> Result<()> {
    crate::db::transaction(conn, |c| {
        let user = find(c, id)?;
        if user.role() == Role::Admin && role != Role::Admin {
            let admins: i64 = users::table
                .filter(users::role.eq(Role::Admin))
                .count()
                .get_result(c)?;
            if admins <= 1 {
                return Err(Error::invalid("role", "last_admin"));
            }
        }
        diesel::update(users::table.find(id))
            .set((users::role.eq(role), users::updated_at.eq(now())))
            .execute(c)?;
        Ok(())
    })
}

/// Sets a new password and ends every session of the account but none (all of them: the
/// caller opens a fresh one for the person who just changed it).
pub fn set_password(conn: &mut DbConn, id: i64, password: &str) -> Result<()> {
    passwords::check_new(password)?;
    let hash = passwords::hash(password)?;
    crate::db::transaction(conn, |c| {
        diesel::update(users::table.find(id))
            .set((users::password_hash.eq(hash), users::updated_at.eq(now())))
            .execute(c)?;
        super::sessions::end_all(c, id)?;
        Ok(())
    })
}

/// Checks an email and password, with throttling per account and client address (see
/// `throttle`): while throttled, even the right password is refused.
pub fn authenticate(conn: &mut DbConn, email: &str, password: &str, client: &str) -> Result<User> {
    let email = email.trim().to_lowercase();
    super::throttle::check(conn, &email, client)?;
    let user = find_by_email(conn, &email)?;
    let stored = user
        .as_ref()
        .map(|u| u.password_hash.as_str())
        .unwrap_or(passwords::decoy_hash());
    match user {
        Some(user) if passwords::verify(password, stored) => {
            super::throttle::clear(conn, &email, client)?;
            Ok(user)
        }
        _ => {
            let _ = passwords::verify(password, stored);
            super::throttle::record_failure(conn, &email, client)?;
            Err(Error::invalid("password", "login_failed"))
        }
    }
}

/// Checks a signed-in member's current password (before changing it), throttled like a login
/// so that a forgotten open session does not let someone guess the password at leisure.
pub fn check_current_password(
    conn: &mut DbConn,
    user: &User,
    password: &str,
    client: &str,
) -> Result<()> {
    super::throttle::check(conn, &user.email, client)?;
    if passwords::verify(password, &user.password_hash) {
        Ok(())
    } else {
        super::throttle::record_failure(conn, &user.email, client)?;
        Err(Error::invalid("current", "wrong_password"))
    }
}

/// The account linked to this Mattermost user (its stable `user_id`), if one is.
pub fn find_by_chat_id(conn: &mut DbConn, chat_user_id: &str) -> Result<Option<User>> {
    use crate::db::schema::users_chat;
    let id: Option<i64> = users_chat::table
        .filter(users_chat::chat_user_id.eq(chat_user_id))
        .select(users_chat::id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => Ok(Some(find(conn, id)?)),
        None => Ok(None),
    }
}

/// Links a Mattermost user to this account (unlinking it from any other first: one account
/// per chat user).
pub fn link_chat(conn: &mut DbConn, id: i64, chat_user_id: &str) -> Result<()> {
    use crate::db::schema::users_chat;
    diesel::update(users_chat::table.filter(users_chat::chat_user_id.eq(chat_user_id)))
        .set(users_chat::chat_user_id.eq(None::<String>))
        .execute(conn)?;
    let n = diesel::update(users_chat::table.find(id))
        .set(users_chat::chat_user_id.eq(Some(chat_user_id)))
        .execute(conn)?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Whether a Mattermost user is linked to this account.
pub fn chat_linked(conn: &mut DbConn, id: i64) -> Result<bool> {
    use crate::db::schema::users_chat;
    Ok(users_chat::table
        .find(id)
        .select(users_chat::chat_user_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten()
        .is_some())
}
