//! Mattermost's incoming webhook, the one place that knows its shape: a POST of JSON with
//! `text` (Markdown), `username`, `icon_url`, an optional `channel` and optional `attachments`
//! (https://developers.mattermost.com/integrate/webhooks/incoming/). Slack-compatible chats
//! (Rocket.Chat, Zulip's Slack integration) take the same.

use serde::Serialize;

use crate::jobs::worker::JobError;

/// How long a chat may take to answer: a chat that hangs delays only its own message.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Debug, Clone, Serialize)]
pub struct Payload {
    pub text: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A message attachment (Slack's shape, which Mattermost reads).
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub fallback: String,
    pub color: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_link: Option<String>,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub short: bool,
    pub title: String,
    pub value: String,
}

/// Posts the message. A 5xx, 408, 429, a timeout or no connection is tried again later; any
/// other answer will not change and is permanent (`net::job_outcome`, as for deliveries).
pub async fn post(
    http: &reqwest_middleware::ClientWithMiddleware,
    url: &str,
    payload: &Payload,
) -> Result<(), JobError> {
    let body = serde_json::to_string(payload)
        .map_err(|e| JobError::Permanent(format!("cannot write the message: {e}")))?;
    let answer = http
        .post(url)
        .timeout(TIMEOUT)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| JobError::Retry(format!("the chat could not be reached: {e}")))?;
    crate::net::job_outcome(answer, "the chat").await
}
