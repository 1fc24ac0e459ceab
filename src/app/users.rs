//! Accounts, as their owners and the admins change them: a role, a password, API tokens.

use crate::App;
use crate::accounts::{Role, User, api_tokens, sessions, users};
use crate::error::Result;

/// Gives an account another role (the last admin cannot lose theirs: the domain refuses).
pub async fn set_role(app: &App, id: i64, role: Role) -> Result<()> {
    super::write(app, move |c| users::set_role(c, id, role)).await
}

/// Changes one's own password after checking the current one, ends every other session, and
/// answers the secret of a fresh session for this browser. A wrong current password is
/// counted against the throttle and that count is kept (see `sessions::kept_refusal`).
pub async fn change_password(
    app: &App,
    user: User,
    current: String,
    password: String,
    client: String,
) -> Result<String> {
    super::write(app, move |c| {
        let checked = users::check_current_password(c, &user, &current, &client);
        if let Err(refused) = super::sessions::kept_refusal(checked)? {
            return Ok(Err(refused));
        }
        users::set_password(c, user.id, &password)?;
        Ok(Ok(sessions::open(c, user.id)?))
    })
    .await?
}

/// Creates an API token; answers its secret, shown once.
pub async fn create_api_token(app: &App, user_id: i64, name: String) -> Result<String> {
    super::write(app, move |c| api_tokens::create(c, user_id, &name)).await
}

/// Revokes one of the person's own API tokens.
pub async fn revoke_api_token(app: &App, user_id: i64, id: i64) -> Result<()> {
    super::write(app, move |c| api_tokens::revoke(c, user_id, id)).await
}
