//! Notifications to the association's chat: rules that post what happens (registrations,
//! members, newsletters, followers, failures) to a Mattermost incoming webhook, a digest every
//! morning, and the answers of the slash command.
//!
//! What happens is an `Effect::Chat(ChatNotice)`, recorded where the change happens, in its
//! transaction. `batches::keep` keeps it for each rule whose kinds take it (no rule: nothing
//! kept, no job) and queues one `chat` job per rule a minute later; `delivery::run` posts what
//! gathered as one message and forgets it. A chat that is down only delays its own messages.
//!
//! The files: `kinds` (the closed set a rule chooses from), `rules` (the rules, their checks),
//! `batches` (what waits for the next message), `message` (the words of a message), `webhook`
//! (Mattermost's wire shape, the one place that knows it), `delivery` (the `chat` job and the
//! test message), `digest` (the morning message), `command` (the slash command's answers).

pub mod batches;
pub mod command;
pub mod delivery;
pub mod digest;
pub mod kinds;
pub mod message;
pub mod rules;
pub mod webhook;

pub use kinds::NoticeKind;
pub use rules::{Rule, RuleInput};
