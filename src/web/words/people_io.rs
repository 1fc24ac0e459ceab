//! Words of imports, exports and privacy pages.

/// (key, French, English).
pub const WORDS: &[(&str, &str, &str)] = &[];
