//! Words of the newsletter subscription pages and mails.

/// (key, French, English).
pub const WORDS: &[(&str, &str, &str)] = &[];
