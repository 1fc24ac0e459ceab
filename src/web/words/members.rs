//! Words of the members and memberships pages.

/// (key, French, English).
pub const WORDS: &[(&str, &str, &str)] = &[];
