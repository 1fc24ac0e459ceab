//! The wire shapes of our objects.

pub mod article;
pub mod event;
pub mod newsletter;
pub mod question;
