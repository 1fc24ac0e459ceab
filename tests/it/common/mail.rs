//! Reading a received mail as a person does: its headers, its subject (RFC 2047 words
//! decoded) and its parts (quoted-printable or base64 undone), with mail-parser, the one
//! reader of every test.

use mail_parser::{MessageParser, MimeHeaders, PartType};

/// A mail as a person reads it.
#[derive(Debug, Clone, Default)]
pub struct ReadMail {
    /// Every header, in order: (name, unfolded raw value).
    pub headers: Vec<(String, String)>,
    pub subject: String,
    /// The first text/plain part that is not an attachment.
    pub text: String,
    /// The first text/html part that is not an attachment.
    pub html: String,
    /// Every leaf part: (content type in lower case, decoded text).
    pub parts: Vec<(String, String)>,
}

impl ReadMail {
    /// The value of a header (the first of that name), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// Reads a mail as the SMTP server received it.
pub fn read(raw: &str) -> ReadMail {
    let message = MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a mail that parses");
    let mut read = ReadMail {
        headers: message
            .headers_raw()
            .map(|(name, value)| (name.to_string(), unfold(value)))
            .collect(),
        subject: message.subject().unwrap_or_default().to_string(),
        ..Default::default()
    };
    for part in message.parts.iter() {
        let (PartType::Text(body) | PartType::Html(body)) = &part.body else {
            continue;
        };
        let kind = part
            .content_type()
            .map(|ct| {
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("plain")).to_ascii_lowercase()
            })
            .unwrap_or_else(|| "text/plain".into());
        let attached = part
            .content_disposition()
            .is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"));
        if !attached {
            if kind == "text/plain" && read.text.is_empty() {
                read.text = body.to_string();
            } else if kind == "text/html" && read.html.is_empty() {
                read.html = body.to_string();
            }
        }
        read.parts.push((kind, body.to_string()));
    }
    read
}

/// A raw header value on one line: continuation lines joined by one space.
fn unfold(value: &str) -> String {
    value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
