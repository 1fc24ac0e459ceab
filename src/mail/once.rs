//! The newsletter's own SMTP connections, which record a mail sent *before* the final dot of
//! its DATA, so that a mail a crash leaves `sending` certainly did not leave and can be sent
//! again without anyone getting it twice.
//!
//! lettre's `AsyncSmtpConnection` does the talking (EHLO, STARTTLS, AUTH, the commands, the
//! dot-stuffing, the replies). Under it runs our own TCP socket (with TCP_NODELAY), through a
//! [`Gate`] that can hold back every byte written to the socket. lettre writes the final
//! `\r\n.\r\n` only once the iterator of the body has ended; our iterator closes the gate as it
//! ends, so what the gate holds is exactly the dot (under TLS too: the gate is below TLS).
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

use std::{
    fmt,
    future::Future,
    io,
    net::SocketAddr,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
    time::{Duration, Instant},
};

use lettre::{
    Message,
    transport::smtp::{
        self as lsmtp,
        authentication::{Credentials, DEFAULT_MECHANISMS},
        client::{AsyncSmtpConnection, AsyncTokioStream, TlsParameters},
        commands::{Data, Mail as MailCommand, Rcpt, Rset},
        extension::{ClientId, Extension, MailBodyParameter, MailParameter},
    },
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
    sync::{Notify, Semaphore},
};

use super::SendError;

/// A connection unused this long is closed rather than used again (as lettre's pool does).
const IDLE_FOR: Duration = Duration::from_secs(60);
/// How long to wait for the mail server to accept a connection.
const CONNECT_WITHIN: Duration = Duration::from_secs(20);

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

/// How the connection is encrypted, as `CHEMINEMENT_SMTP_URL` says (the same reading as
/// lettre's `from_url`).
#[derive(Clone)]
enum Tls {
    None,
    /// STARTTLS when the server offers it (`?tls=opportunistic`).
    Opportunistic(TlsParameters),
    /// STARTTLS or fail (`?tls=required`).
    Required(TlsParameters),
    /// TLS from the first byte (`smtps://`).
    Implicit(TlsParameters),
}

/// Where and how to connect.
#[derive(Clone)]
struct Params {
    host: String,
    port: u16,
    tls: Tls,
    credentials: Option<Credentials>,
    hello: ClientId,
}

impl Params {
    fn from_url(url: &str) -> anyhow::Result<Params> {
        let parsed = url::Url::parse(url)
            .map_err(|e| anyhow::anyhow!("the SMTP address is not a URL: {e}"))?;
        let host = parsed
            .host_str()
            .ok_or_else(|| anyhow::anyhow!("the SMTP address has no host"))?
            .to_string();
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        let params = || TlsParameters::new(host.clone());
        let (port, tls) = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None) => (lsmtp::SMTP_PORT, Tls::None),
            ("smtp", Some("required")) => (lsmtp::SUBMISSION_PORT, Tls::Required(params()?)),
            ("smtp", Some("opportunistic")) => {
                (lsmtp::SUBMISSION_PORT, Tls::Opportunistic(params()?))
            }
            ("smtps", _) => (lsmtp::SUBMISSIONS_PORT, Tls::Implicit(params()?)),
            (scheme, tls) => anyhow::bail!(
                "the SMTP address must start with smtp:// or smtps:// (and tls= be required or opportunistic), not {scheme} with tls={tls:?}"
            ),
        };
        let hello = match parsed.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_string()),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|e| anyhow::anyhow!("the SMTP user or password is not UTF-8: {e}"))
        };
        let credentials = match parsed.password() {
            Some(password) => Some(Credentials::new(
                decode(parsed.username())?,
                decode(password)?,
            )),
            None => None,
        };
        Ok(Params {
            port: parsed.port().unwrap_or(port),
            host,
            tls,
            credentials,
            hello,
        })
    }
}

/// A connection kept open between mails.
struct Warm {
    conn: AsyncSmtpConnection,
    gate: Arc<Gate>,
    since: Instant,
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

    /// A connection with MAIL, RCPT and DATA accepted. A warm connection the server closed
    /// meanwhile fails at MAIL, before anything of the mail was taken: a new one is opened then.
    async fn open(&self, message: &Message, email: &[u8]) -> Result<Warm, SendError> {
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

    /// A new connection: our TCP socket through a gate, TLS and AUTH as the URL says.
    #[allow(deprecated)] // AsyncNetworkStream: the only way to put lettre's TLS over our socket
    async fn connect(&self) -> Result<Warm, SendError> {
        let p = &self.params;
        let cannot = |e: &dyn fmt::Display| {
            SendError::Temporary(format!(
                "cannot connect to the mail server {}:{}: {e}",
                p.host, p.port
            ))
        };
        let tcp = tokio::time::timeout(
            CONNECT_WITHIN,
            TcpStream::connect((p.host.as_str(), p.port)),
        )
        .await
        .map_err(|_| cannot(&"no answer"))?
        .map_err(|e| cannot(&e))?;
        // Each command is one small write waiting for its reply: without this, Nagle's
        // algorithm and the server's delayed ACK add tens of milliseconds to each mail.
        tcp.set_nodelay(true).map_err(|e| cannot(&e))?;
        let peer = tcp.peer_addr().map_err(|e| cannot(&e))?;
        let gate = Arc::new(Gate::default());
        let gated = Box::new(Gated {
            tcp,
            gate: gate.clone(),
            peer,
        });
        let lettre_error = |e: lsmtp::Error| {
            if e.is_permanent() {
                SendError::Refused(e.to_string())
            } else if e.is_client() {
                SendError::Invalid(e.to_string())
            } else {
                cannot(&e)
            }
        };
        let mut conn = match &p.tls {
            Tls::Implicit(params) => {
                let mut stream = lsmtp::client::AsyncNetworkStream::use_existing_tokio1(gated);
                stream
                    .upgrade_tls(params.clone())
                    .await
                    .map_err(lettre_error)?;
                AsyncSmtpConnection::connect_with_transport(
                    Box::new(Encrypted { stream, peer }),
                    &p.hello,
                )
                .await
                .map_err(lettre_error)?
            }
            _ => AsyncSmtpConnection::connect_with_transport(gated, &p.hello)
                .await
                .map_err(lettre_error)?,
        };
        match &p.tls {
            Tls::Required(params) => conn.starttls(params.clone(), &p.hello).await,
            Tls::Opportunistic(params) if conn.can_starttls() => {
                conn.starttls(params.clone(), &p.hello).await
            }
            _ => Ok(()),
        }
        .map_err(lettre_error)?;
        if let Some(credentials) = &p.credentials {
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(lettre_error)?;
        }
        Ok(Warm {
            conn,
            gate,
            since: Instant::now(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The gate

/// Whether bytes may go to the socket.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Everything goes (commands, the body).
    #[default]
    Passing,
    /// The body has been written: the next bytes are the dot; hold them.
    Holding,
    /// Committed: the dot may go if the server is still quietly waiting for it.
    Released,
    /// The server had left or spoken: the dot was not written.
    Refused,
}

#[derive(Default)]
struct Gate {
    state: Mutex<(Phase, Option<Waker>)>,
    /// Told once the dot is being held.
    reached: Notify,
}

impl Gate {
    fn reset(&self) {
        *self.state.lock().unwrap() = (Phase::Passing, None);
    }

    fn hold(&self) {
        self.state.lock().unwrap().0 = Phase::Holding;
    }

    fn release(&self) {
        let mut state = self.state.lock().unwrap();
        state.0 = Phase::Released;
        if let Some(waker) = state.1.take() {
            waker.wake();
        }
    }

    fn refused(&self) -> bool {
        self.state.lock().unwrap().0 == Phase::Refused
    }
}

/// Gives the body to lettre, and closes the gate when lettre asks for more: lettre's next
/// write is the final dot.
struct ArmAtEnd<'a> {
    body: Option<&'a [u8]>,
    gate: &'a Gate,
}

impl<'a> Iterator for ArmAtEnd<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let part = self.body.take();
        if part.is_none() {
            self.gate.hold();
        }
        part
    }
}

/// Our TCP socket, with the gate on what is written to it.
struct Gated {
    tcp: TcpStream,
    gate: Arc<Gate>,
    peer: SocketAddr,
}

impl fmt::Debug for Gated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gated({})", self.peer)
    }
}

impl AsyncTokioStream for Gated {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}

impl AsyncRead for Gated {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Gated {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let mut state = this.gate.state.lock().unwrap();
        match state.0 {
            Phase::Passing => {}
            Phase::Holding => {
                let first = state.1.is_none();
                state.1 = Some(cx.waker().clone());
                drop(state);
                if first {
                    this.gate.reached.notify_one();
                }
                return Poll::Pending;
            }
            Phase::Released => {
                // In the middle of DATA a server has nothing to say: anything to read (a
                // reply, the end of the connection) means it is not waiting for the dot.
                let mut probe = [0u8; 1];
                let mut probe = ReadBuf::new(&mut probe);
                if this.tcp.poll_peek(cx, &mut probe).is_ready() {
                    state.0 = Phase::Refused;
                } else {
                    state.0 = Phase::Passing;
                }
            }
            Phase::Refused => {}
        }
        if state.0 == Phase::Refused {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the mail server closed the connection before the end of the mail",
            )));
        }
        drop(state);
        Pin::new(&mut this.tcp).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

/// For `smtps://`: lettre's TLS stream over our gated socket, given back to lettre as a plain
/// stream (lettre can only start a connection on a stream that already speaks).
#[allow(deprecated)]
struct Encrypted {
    stream: lsmtp::client::AsyncNetworkStream,
    peer: SocketAddr,
}

impl fmt::Debug for Encrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Encrypted({})", self.peer)
    }
}

impl AsyncTokioStream for Encrypted {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}

impl AsyncRead for Encrypted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let unfilled = buf.initialize_unfilled();
        match futures::io::AsyncRead::poll_read(Pin::new(&mut self.stream), cx, unfilled) {
            Poll::Ready(Ok(n)) => {
                buf.advance(n);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for Encrypted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        futures::io::AsyncWrite::poll_write(Pin::new(&mut self.stream), cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        futures::io::AsyncWrite::poll_flush(Pin::new(&mut self.stream), cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        futures::io::AsyncWrite::poll_close(Pin::new(&mut self.stream), cx)
    }
}
