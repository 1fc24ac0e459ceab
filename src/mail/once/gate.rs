//! The gate under the TLS and SMTP layers, which holds back the final dot of a mail until
//! the caller has recorded it sent.

use std::{
    fmt, io,
    net::SocketAddr,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
};

use lettre::transport::smtp::client::AsyncTokioStream;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
    sync::Notify,
};

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
pub(super) struct Gate {
    state: Mutex<(Phase, Option<Waker>)>,
    /// Told once the dot is being held.
    pub(super) reached: Notify,
}

impl Gate {
    pub(super) fn reset(&self) {
        *self.state.lock().unwrap() = (Phase::Passing, None);
    }

    fn hold(&self) {
        self.state.lock().unwrap().0 = Phase::Holding;
    }

    pub(super) fn release(&self) {
        let mut state = self.state.lock().unwrap();
        state.0 = Phase::Released;
        if let Some(waker) = state.1.take() {
            waker.wake();
        }
    }

    pub(super) fn refused(&self) -> bool {
        self.state.lock().unwrap().0 == Phase::Refused
    }
}

/// Gives the body to lettre, and closes the gate when lettre asks for more: lettre's next
/// write is the final dot.
pub(super) struct ArmAtEnd<'a> {
    pub(super) body: Option<&'a [u8]>,
    pub(super) gate: &'a Gate,
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
pub(super) struct Gated {
    pub(super) tcp: TcpStream,
    pub(super) gate: Arc<Gate>,
    pub(super) peer: SocketAddr,
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
