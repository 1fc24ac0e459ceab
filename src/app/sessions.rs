//! Signing in and out: each way in (a password, a reset link, the setup link, an invitation)
//! ends with a new session in the same transaction, and answers the secret for the cookie.

use crate::App;
use crate::accounts::{invitations, resets, sessions, setup, users};
use crate::error::{Error, Result};

/// Signs in with an email and a password. A refused password is an answer, not a failed
/// write: the failure it counted (see `accounts::throttle`) is kept, so that the transaction
/// commits and the refusal is returned after it.
pub async fn sign_in(app: &App, email: String, password: String, client: String) -> Result<String> {
    super::write(app, move |c| {
        let user = match kept_refusal(users::authenticate(c, &email, &password, &client))? {
            Ok(user) => user,
            Err(refused) => return Ok(Err(refused)),
        };
        Ok(Ok(sessions::open(c, user.id)?))
    })
    .await?
}

/// Ends the session of this cookie's secret (nothing happens for an unknown one).
pub async fn sign_out(app: &App, token: String) -> Result<()> {
    super::write(app, move |c| sessions::end(c, &token)).await
}

/// Sets the password chosen through a reset link, spends the link, and signs in.
pub async fn finish_reset(app: &App, secret: String, password: String) -> Result<String> {
    super::write(app, move |c| {
        let user_id = resets::finish(c, &secret, &password)?;
        sessions::open(c, user_id)
    })
    .await
}

/// Creates the first admin through the setup link, and signs them in.
pub async fn finish_setup(
    app: &App,
    secret: String,
    email: String,
    name: String,
    password: String,
) -> Result<String> {
    super::write(app, move |c| {
        let user = setup::finish(c, &secret, &email, &name, &password)?;
        sessions::open(c, user.id)
    })
    .await
}

/// Creates the invited account with the chosen password, spends the link, and signs in.
pub async fn accept_invitation(app: &App, secret: String, password: String) -> Result<String> {
    super::write(app, move |c| {
        let user = invitations::accept(c, &secret, &password)?;
        sessions::open(c, user.id)
    })
    .await
}

/// Splits a password check's answer: a refusal (wrong password, or throttled) becomes a value
/// to return once the counted failure is committed; any other error still rolls back.
pub(super) fn kept_refusal<T>(checked: Result<T>) -> Result<Result<T>> {
    match checked {
        Err(refused @ (Error::Invalid(_) | Error::TooManyRequests)) => Ok(Err(refused)),
        other => other.map(Ok),
    }
}
