//! Activities: one file per kind, each with its wire shape and what receiving it does. Where we
//! also send a kind (`Create`, `Delete`, `Accept`, `Reject`, and `Follow` and `Join` embedded in
//! an answer), the same type serves both ways: generic over its object, with the fields only we
//! write skipped when reading. `update` is the one kind we send and never act on.
//! `publish` builds what we send when a post is created, edited or removed, `publish_event` the
//! same for events and their polls.
//!
//! Registrations arrive as `join` (Mobilizon), `create` (a poll vote from Mastodon or Misskey),
//! `accept` and `tentative_accept` (Friendica); they are withdrawn by `leave`, `undo` and
//! `reject`. All of them go through `federation::rsvp` to the one domain function.

pub mod accept;
pub mod create;
pub mod delete;
pub mod follow;
pub mod join;
pub mod leave;
pub mod publish;
pub mod publish_event;
pub mod reject;
pub mod tentative_accept;
pub mod undo;
pub mod unknown;
pub mod update;

/// The id of an object given by reference (a string) or embedded (an object with an `id`).
pub fn id_of(value: &serde_json::Value) -> Option<&str> {
    match value {
        serde_json::Value::String(id) => Some(id),
        serde_json::Value::Object(o) => o.get("id").and_then(|v| v.as_str()),
        _ => None,
    }
}
