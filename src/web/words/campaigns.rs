//! Words of the campaign pages and mails.

/// (key, French, English).
pub const WORDS: &[(&str, &str, &str)] = &[];
