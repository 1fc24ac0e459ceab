//! The wire shapes of our objects.

pub mod article;
pub mod event;
pub mod question;
