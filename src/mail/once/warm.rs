//! The connections kept open between mails, and a mail's envelope (MAIL, RCPT, DATA) on one.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use lettre::{
    Message,
    transport::smtp::{
        self as lsmtp,
        client::AsyncSmtpConnection,
        commands::{Data, Mail as MailCommand, Rcpt, Rset},
        extension::{Extension, MailBodyParameter, MailParameter},
    },
};

use super::gate::Gate;
use super::{Pool, SendError};

/// A connection unused this long is closed rather than used again (as lettre's pool does).
const IDLE_FOR: Duration = Duration::from_secs(60);

/// A connection kept open between mails.
pub(super) struct Warm {
    pub(super) conn: AsyncSmtpConnection,
    pub(super) gate: Arc<Gate>,
    pub(super) since: Instant,
}

impl Pool {
    /// A connection with MAIL, RCPT and DATA accepted. A warm connection the server closed
    /// meanwhile fails at MAIL, before anything of the mail was taken: a new one is opened then.
    pub(super) async fn open(&self, message: &Message, email: &[u8]) -> Result<Warm, SendError> {
        let envelope = message.envelope();
        loop {
            let (mut warm, reused) = match self.take_idle() {
                Some(warm) => (warm, true),
                None => (self.connect().await?, false),
            };
            let mut options = Vec::new();
            if !email.is_ascii() {
                if !warm
                    .conn
                    .server_info()
                    .supports_feature(Extension::EightBitMime)
                {
                    return Err(SendError::Invalid(
                        "the mail has 8-bit text but the server does not take 8BITMIME".into(),
                    ));
                }
                options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
            }
            let mailed = warm
                .conn
                .command(MailCommand::new(envelope.from().cloned(), options))
                .await;
            match mailed {
                Ok(_) => {}
                Err(e) if reused && !e.is_response() => continue,
                Err(e) => return Err(self.refused_before_data(warm, e).await),
            }
            for to in envelope.to() {
                let accepted = warm.conn.command(Rcpt::new(to.clone(), vec![])).await;
                if let Err(e) = accepted {
                    return Err(self.refused_before_data(warm, e).await);
                }
            }
            let accepted = warm.conn.command(Data).await;
            if let Err(e) = accepted {
                return Err(self.refused_before_data(warm, e).await);
            }
            return Ok(warm);
        }
    }

    fn take_idle(&self) -> Option<Warm> {
        let mut idle = self.idle.lock().unwrap();
        while let Some(warm) = idle.pop() {
            if warm.since.elapsed() < IDLE_FOR {
                return Some(warm);
            }
        }
        None
    }

    /// A refusal before DATA: nothing was sent. After a reply, the connection is still good
    /// once reset; after a network error it is dropped.
    async fn refused_before_data(&self, mut warm: Warm, e: lsmtp::Error) -> SendError {
        let error = if e.is_permanent() {
            SendError::Refused(e.to_string())
        } else if e.is_client() {
            SendError::Invalid(e.to_string())
        } else {
            SendError::Temporary(e.to_string())
        };
        if e.is_response() && warm.conn.command(Rset).await.is_ok() {
            warm.since = Instant::now();
            self.idle.lock().unwrap().push(warm);
        }
        error
    }
}
