//! A tiny hand-written SMTP server on loopback that misbehaves on cue, for what mailin cannot
//! do: cut the connection in the middle of DATA, or refuse a mail at its final dot. Each
//! address can be given what happens to its next mails, in order; after those, and for every
//! other address, a mail is accepted (250) and kept.

use std::{
    collections::{HashMap, VecDeque},
    io::{BufRead, BufReader, Write},
    net::{TcpListener, TcpStream},
    sync::{Arc, Mutex},
};

/// What the server does with one mail, once DATA has been asked.
#[derive(Debug, Clone)]
pub enum OnData {
    /// Answers 354, then closes the connection before the mail's end: nothing is kept.
    CutBeforeTheDot,
    /// Reads the whole mail, then answers its final dot with this line ("554 ..."): nothing is
    /// kept.
    ReplyToTheDot(&'static str),
}

#[derive(Default)]
struct State {
    script: HashMap<String, VecDeque<OnData>>,
    /// Every mail accepted: (recipients, data).
    accepted: Vec<(Vec<String>, String)>,
    /// How many times each address reached DATA, whatever happened then.
    tries: HashMap<String, usize>,
}

#[derive(Clone)]
pub struct ScriptedSmtp {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl ScriptedSmtp {
    pub fn start() -> ScriptedSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = ScriptedSmtp {
            port,
            state: Arc::default(),
        };
        let state = server.state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let state = state.clone();
                std::thread::spawn(move || {
                    let _ = session(stream, &state);
                });
            }
        });
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// What happens to the next mail to this address (called again: to the one after).
    pub fn then(&self, address: &str, what: OnData) {
        self.state
            .lock()
            .unwrap()
            .script
            .entry(address.to_string())
            .or_default()
            .push_back(what);
    }

    /// How many mails this address got (accepted with 250).
    pub fn received_by(&self, address: &str) -> usize {
        let state = self.state.lock().unwrap();
        state
            .accepted
            .iter()
            .filter(|(to, _)| to.iter().any(|t| t == address))
            .count()
    }

    /// How many times a mail to this address reached DATA.
    pub fn tries_of(&self, address: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .tries
            .get(address)
            .copied()
            .unwrap_or(0)
    }
}

/// The address inside `MAIL FROM:<...>` or `RCPT TO:<...>`.
fn address_in(line: &str) -> String {
    let start = line.find('<').map(|i| i + 1).unwrap_or(0);
    let end = line[start..]
        .find('>')
        .map(|i| start + i)
        .unwrap_or(line.len());
    line[start..end].to_ascii_lowercase()
}

fn session(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 scripted.test ESMTP\r\n")?;
    let mut to: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") {
            out.write_all(b"250-scripted.test\r\n250 8BITMIME\r\n")?;
        } else if command.starts_with("HELO") || command.starts_with("NOOP") {
            out.write_all(b"250 OK\r\n")?;
        } else if command.starts_with("MAIL FROM") || command.starts_with("RSET") {
            to.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if command.starts_with("RCPT TO") {
            to.push(address_in(&line));
            out.write_all(b"250 OK\r\n")?;
        } else if command.starts_with("DATA") {
            let what = {
                let mut state = state.lock().unwrap();
                for t in &to {
                    *state.tries.entry(t.clone()).or_insert(0) += 1;
                }
                to.iter()
                    .find_map(|t| state.script.get_mut(t).and_then(|s| s.pop_front()))
            };
            out.write_all(b"354 go ahead, end with <CRLF>.<CRLF>\r\n")?;
            if let Some(OnData::CutBeforeTheDot) = what {
                out.flush()?;
                return Ok(());
            }
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            match what {
                Some(OnData::ReplyToTheDot(reply)) => {
                    out.write_all(format!("{reply}\r\n").as_bytes())?;
                }
                _ => {
                    state
                        .lock()
                        .unwrap()
                        .accepted
                        .push((std::mem::take(&mut to), data));
                    out.write_all(b"250 OK kept\r\n")?;
                }
            }
            to.clear();
        } else if command.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"502 not here\r\n")?;
        }
    }
}
