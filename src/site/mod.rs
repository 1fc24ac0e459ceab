//! The public website's content: pages, news posts and images, written in Markdown by members.

pub mod markdown;
pub mod media;
pub mod pages;
pub mod posts;
pub mod slugs;
