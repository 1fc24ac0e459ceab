//! A new connection: our TCP socket through the gate, TLS and AUTH as the URL says.

use std::{
    fmt, io,
    net::SocketAddr,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::{Duration, Instant},
};

use lettre::transport::smtp::{
    self as lsmtp,
    authentication::DEFAULT_MECHANISMS,
    client::{AsyncSmtpConnection, AsyncTokioStream},
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
};

use super::gate::{Gate, Gated};
use super::params::Tls;
use super::{Pool, SendError, Warm};

/// How long to wait for the mail server to accept a connection.
const CONNECT_WITHIN: Duration = Duration::from_secs(20);

impl Pool {
    /// A new connection: our TCP socket through a gate, TLS and AUTH as the URL says.
    #[allow(deprecated)] // AsyncNetworkStream: the only way to put lettre's TLS over our socket
    pub(super) async fn connect(&self) -> Result<Warm, SendError> {
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
