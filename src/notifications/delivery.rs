//! The `chat` job: everything that waits for one rule goes as one message; and the test
//! message of the dashboard's button.

use super::webhook::{self, Attachment, Payload};
use super::{batches, message, rules, rules::Rule};
use crate::app::effects::ChatPost;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Lang;
use crate::jobs::worker::JobError;

/// At most this many notices in one message (a bigger burst goes in several, one after the
/// other).
const MAX_PER_MESSAGE: i64 = 1000;

/// What posting needs: the database, the client (public addresses only outside tests), and
/// how the association signs its messages.
#[derive(Clone)]
pub struct Chat {
    pub db: Db,
    pub http: reqwest_middleware::ClientWithMiddleware,
    pub allow_private_addresses: bool,
    /// The association's language: Mattermost says nothing of its readers'.
    pub lang: Lang,
    pub username: String,
    pub icon_url: String,
    /// The site's address, for links.
    pub base: String,
}

impl Chat {
    pub fn payload(&self, rule: &Rule, text: String, attachments: Vec<Attachment>) -> Payload {
        Payload {
            text,
            username: self.username.clone(),
            icon_url: Some(self.icon_url.clone()),
            channel: Some(rule.channel.clone()).filter(|c| !c.is_empty()),
            attachments,
        }
    }

    /// Posts to the rule's webhook, refusing a literal address that is not public (the
    /// resolver refuses names that lead to one).
    pub async fn post(&self, rule: &Rule, payload: &Payload) -> Result<(), JobError> {
        let url = url::Url::parse(&rule.webhook_url)
            .map_err(|e| JobError::Permanent(format!("the webhook address is not valid: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(JobError::Permanent(
                "the webhook address is not http(s)".into(),
            ));
        }
        if !self.allow_private_addresses && crate::net::resolver::is_private_literal(&url) {
            return Err(JobError::Permanent(
                "the webhook address is not a public address".into(),
            ));
        }
        webhook::post(&self.http, url.as_str(), payload).await
    }
}

/// Runs one `chat` job: posts what waits for its rule, then forgets it. Nothing is forgotten
/// unless the chat took it: a chat that is down gets it all on a later try.
pub async fn run(chat: Chat, payload: String) -> Result<(), JobError> {
    let job: ChatPost = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad chat job: {e}")))?;
    let id = job.rule_id;
    let found = chat
        .db
        .run(move |c| match rules::find(c, id) {
            Ok(rule) => Ok(Some((rule, batches::waiting(c, id, MAX_PER_MESSAGE)?))),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        })
        .await
        .map_err(retry)?;
    // The rule was deleted, with what waited for it.
    let Some((rule, (ids, notices))) = found else {
        return Ok(());
    };
    if !notices.is_empty() {
        let payload = chat.payload(&rule, message::text(chat.lang, &notices), vec![]);
        chat.post(&rule, &payload).await?;
    }
    chat.db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                batches::forget(c, &ids)?;
                // A burst bigger than one message: the rest goes next.
                if batches::count(c, id)? > 0 {
                    batches::post_soon(c, id)?;
                }
                Ok(())
            })
        })
        .await
        .map_err(retry)
}

/// The dashboard's "send a test message": posted at once, the chat's answer told back.
pub async fn test(chat: &Chat, rule: &Rule, site_name: &str) -> Result<(), JobError> {
    let text = chat.lang.t_args(
        "chat_test_message",
        &[("site", site_name.to_string().into())],
    );
    chat.post(rule, &chat.payload(rule, text, vec![])).await
}

fn retry(e: Error) -> JobError {
    JobError::Retry(e.to_string())
}
