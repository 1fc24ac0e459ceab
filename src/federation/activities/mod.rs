//! Activities: one file per kind, each with its wire shape and what receiving it does.
//! `publish` builds what we send when a post is created, edited or removed.

pub mod delete;
pub mod follow;
pub mod publish;
pub mod undo;
pub mod unknown;
