//! Words of the contacts pages.

/// (key, French, English).
pub const WORDS: &[(&str, &str, &str)] = &[];
