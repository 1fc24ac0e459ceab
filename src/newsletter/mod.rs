//! The newsletter the association writes and sends itself: lists, subscriptions with double
//! opt-in, campaigns written in Markdown, sent in batches through the durable jobs, each
//! subscriber at most once, with a one-click unsubscribe in every mail.
//!
//! Subscribers are contacts (`members::contacts`): one base of people. The domain knows
//! neither HTTP nor JSON-LD.

pub mod archive;
pub mod campaigns;
pub mod events_block;
pub mod lists;
pub mod sending;
pub mod subscriptions;
