//! A direct message to one person: a `Note` addressed to them only, with a `Mention` so that
//! they are notified (Mastodon shows it as a private mention). What it says is written in
//! `rsvp`; this is its shape.

use activitypub_federation::kinds::{link::MentionType, object::NoteType};
use serde::Serialize;
use url::Url;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: NoteType,
    pub attributed_to: Url,
    pub to: Vec<Url>,
    pub cc: Vec<Url>,
    pub in_reply_to: Url,
    pub published: String,
    pub content: String,
    pub media_type: &'static str,
    pub tag: Vec<Mention>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    #[serde(rename = "type")]
    pub kind: MentionType,
    pub href: Url,
    /// `@name@host`.
    pub name: String,
}
