//! The newsletter's own SMTP connections, which record a mail sent *before* the final dot of
//! its DATA, so that a mail a crash leaves `sending` certainly did not leave and can be sent
//! again without anyone getting it twice.
//!
//! lettre's `AsyncSmtpConnection` does the talking (EHLO, STARTTLS, AUTH, the commands, the
//! dot-stuffing, the replies). Under it runs our own TCP socket (with TCP_NODELAY), through a
//! `Gate` (`gate.rs`) that can hold back every byte written to the socket. lettre writes the
//! final `\r\n.\r\n` only once the iterator of the body has ended; our iterator closes the gate
//! as it ends, so what the gate holds is exactly the dot (under TLS too: the gate is below TLS).
//!
//! The rule, for one mail:
//! - an error before the gate (connecting, MAIL, RCPT, DATA, writing the body): not sent; the
//!   commit is not called;
//! - at the gate the caller commits `sent`; if that fails or says no, the connection is dropped
//!   without the dot: a server drops a transaction that has no end, so the mail did not leave;
//! - after the commit, before the dot: if the server has closed the connection or spoken (it
//!   has nothing to say in the middle of DATA), the dot is not written: not sent, to correct;
//! - the reply to the dot: 2xx delivered; 4xx or 5xx not taken after all, to correct; no reply
//!   (the connection broke, or no answer in time): unknown, the server may have kept it.
//!
//! What is left uncertain: a crash between the commit and the `write()` of the dot leaves a
//! mail recorded sent that never left (microseconds); a crash after the dot and before its
//! reply leaves it recorded sent, which it is unless the server refused it at the dot.
//!
//! The files: `params` (the SMTP URL), `warm` (connections kept between mails, the envelope),
//! `connect` (a new connection, `smtps://` included), `gate` (what holds back the dot).

use std::{
    future::Future,
    sync::Mutex,
    time::{Duration, Instant},
};

use lettre::Message;
use tokio::sync::Semaphore;

use super::SendError;

mod connect;
mod gate;
mod params;
mod warm;

use gate::ArmAtEnd;
use params::Params;
use warm::Warm;

/// What became of a mail handed over with [`Pool::send`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handed {
    /// It did not leave: the commit was not called, or failed or said no.
    NotSent(SendError),
    /// Committed, and the server took it.
    Delivered,
    /// Committed, then not taken after all: `Refused` or `Temporary` (it did not leave), or
    /// `Uncertain` (the reply to the dot was lost: the server may have kept it).
    Corrected(SendError),
}

/// At most `size` connections open at once, kept warm between mails.
pub struct Pool {
    params: Params,
    idle: Mutex<Vec<Warm>>,
    permits: Semaphore,
}

impl Pool {
    pub fn new(url: &str, size: u32) -> anyhow::Result<Pool> {
        Ok(Pool {
            params: Params::from_url(url)?,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(size as usize),
        })
    }

    /// Sends one mail; `commit` is called once the whole body is with the server and only its
    /// final dot is left to write, and must record the mail sent (true) or say it must not go
    /// (false). `limit` bounds the transaction up to the commit, and again the wait for the
    /// reply to the dot; the commit itself is never cut short.
    pub async fn send<C, F>(&self, message: &Message, limit: Duration, commit: C) -> Handed
    where
        C: FnOnce() -> F,
        F: Future<Output = Result<bool, String>>,
    {
        let Ok(_permit) = self.permits.acquire().await else {
            return Handed::NotSent(SendError::Temporary("the mailer is closing".into()));
        };
        let email = message.formatted();
        let deadline = tokio::time::Instant::now() + limit;
        let late = || {
            SendError::Temporary(format!(
                "the mail server did not take the mail within {} s (nothing sent)",
                limit.as_secs()
            ))
        };
        let mut warm = match tokio::time::timeout_at(deadline, self.open(message, &email)).await {
            Ok(Ok(warm)) => warm,
            Ok(Err(e)) => return Handed::NotSent(e),
            Err(_) => return Handed::NotSent(late()),
        };

        // The body, then the gate, which holds back the dot.
        warm.gate.reset();
        let gate = warm.gate.clone();
        let parts = ArmAtEnd {
            body: Some(&email),
            gate: &gate,
        };
        let mut ending = Box::pin(warm.conn.message_iter(parts));
        let before_gate = tokio::select! {
            biased;
            ended = &mut ending => Some(ended),
            _ = gate.reached.notified() => None,
            _ = tokio::time::sleep_until(deadline) => return Handed::NotSent(late()),
        };
        if let Some(ended) = before_gate {
            // Ended without reaching the gate: writing the body failed, the dot never went.
            let e = ended
                .err()
                .map(|e| e.to_string())
                .unwrap_or_else(|| "the body ended without its end".into());
            return Handed::NotSent(SendError::Temporary(format!(
                "{e} (while writing the mail: nothing sent)"
            )));
        }
        match commit().await {
            Ok(true) => {}
            Ok(false) => {
                return Handed::NotSent(SendError::Temporary(
                    "this mail was no longer to be sent by this sender".into(),
                ));
            }
            Err(e) => {
                return Handed::NotSent(SendError::Temporary(format!(
                    "cannot record the mail sent ({e}): its end was not written, it did not leave"
                )));
            }
        }
        gate.release();
        let replied = tokio::time::timeout(limit, &mut ending).await;
        let gone_before_dot = gate.refused();
        drop(ending);
        match replied {
            Ok(Ok(_)) => {
                warm.since = Instant::now();
                self.idle.lock().unwrap().push(warm);
                Handed::Delivered
            }
            Ok(Err(_)) if gone_before_dot => Handed::Corrected(SendError::Temporary(
                "the mail server closed the connection before the end of the mail: it did not take it"
                    .into(),
            )),
            Ok(Err(e)) if e.is_permanent() => Handed::Corrected(SendError::Refused(e.to_string())),
            Ok(Err(e)) if e.is_transient() => {
                Handed::Corrected(SendError::Temporary(e.to_string()))
            }
            Ok(Err(e)) => Handed::Corrected(SendError::Uncertain(format!(
                "{e} (after the end of the mail)"
            ))),
            Err(_) => Handed::Corrected(SendError::Uncertain(format!(
                "no answer to the end of the mail within {} s",
                limit.as_secs()
            ))),
        }
    }
}
