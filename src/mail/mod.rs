//! Outgoing mail. The domain records a `Mail` as an effect (`app::effects`, a job written in
//! the same transaction as what caused it); the job runs `Mailer::send`, through SMTP when configured,
//! otherwise into `mail-outbox/` under the data folder, where the operator can read it.
//! Newsletter mails go through `Mailer::deliver_once` instead, on our own connections
//! (`once/`), which record each mail sent before its last byte.

mod once;

pub use once::Handed;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart, SinglePart, header::ContentType},
};
use serde::{Deserialize, Serialize};
use std::{future::Future, path::PathBuf, sync::Arc, time::Duration};

use crate::error::Result;
use crate::jobs::worker::JobError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    #[serde(default)]
    pub html: Option<String>,
    /// Extra headers, such as `List-Unsubscribe`.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The newsletter's connections (see `deliver_once`).
        once: Arc<once::Pool>,
        from: Mailbox,
    },
    Folder {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Mailer {
    pub fn new(
        smtp_url: Option<&str>,
        from: &str,
        data_dir: &std::path::Path,
    ) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("the sender address `{from}` is not valid: {e}"))?;
        Ok(match smtp_url {
            Some(url) => Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .pool_config(
                        lettre::transport::smtp::PoolConfig::new().max_size(SMTP_CONNECTIONS),
                    )
                    .build(),
                once: Arc::new(once::Pool::new(url, SMTP_CONNECTIONS)?),
                from,
            },
            None => Mailer::Folder {
                dir: data_dir.join("mail-outbox"),
                from,
            },
        })
    }

    /// Sends one mail. A permanent refusal by the server (5xx) is `Permanent`: trying again
    /// would not help and the address should be looked at.
    pub async fn send(&self, mail: &Mail) -> Result<(), JobError> {
        self.deliver(mail).await.map_err(|e| match e {
            SendError::Refused(m) | SendError::Invalid(m) => JobError::Permanent(m),
            SendError::Temporary(m) | SendError::Uncertain(m) => JobError::Retry(m),
        })
    }

    /// Sends one mail and says precisely why it did not leave: the newsletter marks an address
    /// bounced on a refusal, but not on a mail it could not build.
    pub async fn deliver(&self, mail: &Mail) -> Result<(), SendError> {
        match self {
            Mailer::Smtp {
                transport, from, ..
            } => {
                let message = build(from, mail).map_err(SendError::Invalid)?;
                match transport.send(message).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(classify(&e)),
                }
            }
            Mailer::Folder { dir, from } => {
                let message = build(from, mail).map_err(SendError::Invalid)?;
                write_to_folder(dir, &message).await
            }
        }
    }

    /// Sends one mail and calls `commit` once it is all with the mail server but for its last
    /// byte: `commit` records it sent (true), or says it must not go (false). So a mail that a
    /// crash leaves not yet recorded certainly did not leave. `limit` bounds the wait for the
    /// server up to the commit, and again for its answer after. The outcome says whether the
    /// record must be corrected: see `Handed` and the rule in `once/mod.rs`. Into the folder, the
    /// commit comes before the file is written.
    pub async fn deliver_once<C, F>(&self, mail: &Mail, limit: Duration, commit: C) -> Handed
    where
        C: FnOnce() -> F,
        F: Future<Output = Result<bool, String>>,
    {
        match self {
            Mailer::Smtp { once, from, .. } => match build(from, mail) {
                Ok(message) => once.send(&message, limit, commit).await,
                Err(e) => Handed::NotSent(SendError::Invalid(e)),
            },
            Mailer::Folder { dir, from } => {
                let message = match build(from, mail) {
                    Ok(message) => message,
                    Err(e) => return Handed::NotSent(SendError::Invalid(e)),
                };
                match commit().await {
                    Ok(true) => {}
                    Ok(false) => {
                        return Handed::NotSent(SendError::Temporary(
                            "this mail was no longer to be sent by this sender".into(),
                        ));
                    }
                    Err(e) => {
                        return Handed::NotSent(SendError::Temporary(format!(
                            "cannot record the mail sent: {e}"
                        )));
                    }
                }
                match write_to_folder(dir, &message).await {
                    Ok(()) => Handed::Delivered,
                    Err(e) => Handed::Corrected(e),
                }
            }
        }
    }
}

async fn write_to_folder(dir: &std::path::Path, message: &Message) -> Result<(), SendError> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| SendError::Temporary(format!("{}: {e}", dir.display())))?;
    let name = format!(
        "{}-{}.eml",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
        // A random part, so that two mails in the same microsecond never share a name; from
        // uuid, not from `accounts` (infrastructure knows no domain).
        uuid::Uuid::new_v4().simple()
    );
    tokio::fs::write(dir.join(name), message.formatted())
        .await
        .map_err(|e| SendError::Temporary(e.to_string()))
}

/// How many connections to the mail server are kept open and used at once.
pub const SMTP_CONNECTIONS: u32 = 16;

/// Why a mail did not leave, or may not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The mail server refused it for good (a 5xx answer, such as "no such mailbox").
    Refused(String),
    /// Not sent, worth trying again later: a 4xx answer, or no connection to the server.
    Temporary(String),
    /// The connection broke or timed out during the SMTP transaction: the server may have
    /// kept the mail or not (after the final dot, only its answer was lost).
    Uncertain(String),
    /// The mail could not be built (an address that is not one): nothing was sent.
    Invalid(String),
}

/// Sorts lettre's errors by what they say of the mail. A reply code is unambiguous; so is a
/// failure to connect; a network error or a timeout in the middle of the transaction is not.
fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    let text = e.to_string();
    if e.is_permanent() {
        SendError::Refused(text)
    } else if e.is_transient() {
        SendError::Temporary(text)
    } else if e.is_client() {
        SendError::Invalid(text)
    } else if e.is_tls() || e.is_transport_shutdown() || text.starts_with("Connection error") {
        // lettre has no `is_connection`: its connection errors say so (kind `Connection`).
        SendError::Temporary(text)
    } else {
        SendError::Uncertain(text)
    }
}

fn build(from: &Mailbox, mail: &Mail) -> Result<Message, String> {
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| format!("the address `{}` is not valid: {e}", mail.to))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject);
    for (name, value) in &mail.headers {
        builder = builder.raw_header(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii(name.clone())
                .map_err(|e| format!("bad header name {name}: {e}"))?,
            value.clone(),
        ));
    }
    let body = match &mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            html.clone(),
        )),
        None => builder.singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone()),
        ),
    };
    body.map_err(|e| e.to_string())
}
