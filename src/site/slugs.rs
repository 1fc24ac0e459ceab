//! Slugs: the readable part of an address, made from a title (`Fête de l'été` → `fete-de-l-ete`).

use diesel::QueryResult;

/// A slug from a title, accents folded; `fallback` when nothing readable is left.
pub fn from_title(title: &str, fallback: &str) -> String {
    let slug = slug::slugify(title);
    let slug: String = slug.chars().take(80).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// Whether a slug typed by hand is acceptable.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
}

/// The first of `base`, `base-2`, `base-3`... that `taken` says is free.
pub fn unique(base: &str, mut taken: impl FnMut(&str) -> QueryResult<bool>) -> QueryResult<String> {
    if !taken(base)? {
        return Ok(base.to_string());
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if !taken(&candidate)? {
            return Ok(candidate);
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_punctuation_fold() {
        assert_eq!(from_title("Fête de l'été !", "x"), "fete-de-l-ete");
        assert_eq!(from_title("???", "post"), "post");
        assert!(is_valid("fete-de-l-ete"));
        assert!(!is_valid("Fête"));
        assert!(!is_valid("../etc"));
    }

    #[test]
    fn unique_adds_a_number() {
        let taken = ["a", "a-2"];
        assert_eq!(unique("a", |s| Ok(taken.contains(&s))).unwrap(), "a-3");
        assert_eq!(unique("b", |s| Ok(taken.contains(&s))).unwrap(), "b");
    }
}
