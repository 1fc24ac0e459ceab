//! The one-time setup link: a new server with no account prints it at start, and whoever
//! opens it creates the first admin. It stops working once any account exists.

use super::{Role, User, tokens, users};
use crate::db::{DbConn, settings};
use crate::error::{Error, Result};

const KEY: &str = "setup_token_hash";

/// Makes a new setup secret if the server has no account yet; returns it to print.
pub fn prepare(conn: &mut DbConn) -> Result<Option<String>> {
    if users::count(conn)? > 0 {
        settings::delete(conn, KEY)?;
        return Ok(None);
    }
    let secret = tokens::random_token(24);
    settings::set(conn, KEY, &tokens::hash(&secret))?;
    Ok(Some(secret))
}

pub fn is_valid(conn: &mut DbConn, secret: &str) -> Result<bool> {
    Ok(users::count(conn)? == 0
        && settings::get(conn, KEY)?.is_some_and(|h| h == tokens::hash(secret)))
}

/// Creates the first admin with the link, and spends it.
pub fn finish(
    conn: &mut DbConn,
    secret: &str,
    email: &str,
    name: &str,
    password: &str,
) -> Result<User> {
    crate::db::transaction(conn, |c| {
        if !is_valid(c, secret)? {
            return Err(Error::invalid("token", "setup_link_invalid"));
        }
        let user = users::create(c, email, name, password, Role::Admin)?;
        settings::delete(c, KEY)?;
        Ok(user)
    })
}
