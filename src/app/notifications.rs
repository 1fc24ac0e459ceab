//! Notification rules (the chat's webhooks), the slash command's token, and the link between
//! a Mattermost user and an account.

use crate::App;
use crate::accounts::{users, users::User};
use crate::error::{Error, Result};
use crate::net::{self, Refusal};
use crate::notifications::{Rule, RuleInput, command, digest, rules};

/// The key of the slash command's token in the server's settings.
pub const COMMAND_TOKEN: &str = "chat_command_token";

/// Makes a rule; its webhook must be a public http(s) address (outside test mode).
pub async fn create_rule(app: &App, input: RuleInput) -> Result<Rule> {
    check_address(app, &input).await?;
    let tz = app.settings.timezone;
    super::write(app, move |c| {
        let rule = rules::create(c, &input)?;
        digest::schedule(c, &rule, tz)?;
        Ok(rule)
    })
    .await
}

pub async fn update_rule(app: &App, id: i64, input: RuleInput) -> Result<Rule> {
    check_address(app, &input).await?;
    let tz = app.settings.timezone;
    super::write(app, move |c| {
        let rule = rules::update(c, id, &input)?;
        digest::schedule(c, &rule, tz)?;
        Ok(rule)
    })
    .await
}

/// Deletes a rule, what waited for its next message and its booked digest.
pub async fn delete_rule(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| {
        crate::jobs::cancel_pending(c, digest::JOB_KIND, &digest::DigestJob { rule_id: id })?;
        rules::delete(c, id)
    })
    .await
}

/// Posts a test message to the rule's chat at once; answers what the chat said when it
/// refused, for the page.
pub async fn test_rule(app: &App, id: i64) -> Result<Option<String>> {
    let rule = app.db.read(move |c| rules::find(c, id)).await?;
    let outcome =
        crate::notifications::delivery::test(&app.chat(), &rule, &app.settings.name).await;
    Ok(match outcome {
        Ok(()) => None,
        Err(
            crate::jobs::worker::JobError::Retry(e) | crate::jobs::worker::JobError::Permanent(e),
        ) => Some(e),
    })
}

/// Keeps the token Mattermost gave the slash command (empty: the command is refused).
pub async fn set_command_token(app: &App, token: String) -> Result<()> {
    let token = token.trim().to_string();
    if token.len() > 200 || token.chars().any(char::is_whitespace) {
        return Err(Error::invalid("token", "chat_token_invalid"));
    }
    super::write(app, move |c| {
        if token.is_empty() {
            crate::db::settings::delete(c, COMMAND_TOKEN)?;
        } else {
            crate::db::settings::set(c, COMMAND_TOKEN, &token)?;
        }
        Ok(())
    })
    .await
}

/// Links the Mattermost user to the account whose code this is; `None` for a wrong code.
pub async fn link_chat_account(
    app: &App,
    code: String,
    chat_user_id: String,
) -> Result<Option<User>> {
    let secret = app.links.secret.clone();
    super::write(app, move |c| {
        let Some(user) = command::account_of_code(c, &secret, &code)? else {
            return Ok(None);
        };
        users::link_chat(c, user.id, &chat_user_id)?;
        Ok(Some(user))
    })
    .await
}

async fn check_address(app: &App, input: &RuleInput) -> Result<()> {
    let Ok(url) = url::Url::parse(input.webhook_url.trim()) else {
        // The domain says what is wrong, with the other mistakes.
        return Ok(());
    };
    match net::refusal(&url, app.settings.allow_private_addresses).await {
        None | Some(Refusal::Scheme) | Some(Refusal::NoHost) => Ok(()),
        Some(Refusal::Private) => Err(Error::invalid("webhook_url", "chat_url_private")),
        Some(Refusal::Unknown) => Err(Error::invalid("webhook_url", "chat_url_unknown_host")),
    }
}
