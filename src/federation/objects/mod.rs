//! The wire shapes of our objects, one type each, built from the domain's records.

pub mod article;
pub mod collections;
pub mod event;
pub mod newsletter;
pub mod note;
pub mod question;
pub mod tombstone;
