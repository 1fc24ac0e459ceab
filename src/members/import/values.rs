//! The cells of a line as what they mean: dates, newsletter answers, languages, tags and
//! custom fields' values.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::FieldDef;
use crate::members::names;

/// A date as people type it in France or as ISO: `31/12/1990`, `1/2/1990` or `1990-12-31`.
/// Two-digit years are refused: "01/02/03" could be any of three dates.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    if parts[0].len() == 4 && text.contains('-') {
        // YYYY-MM-DD
        NaiveDate::from_ymd_opt(parts[0].parse().ok()?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        // DD/MM/YYYY
        NaiveDate::from_ymd_opt(parts[2].parse().ok()?, num(parts[1])?, num(parts[0])?)
    } else {
        None
    }
}

/// A newsletter answer: yes/no/oui/non/1/0/x (and true/false/vrai/faux); empty says nothing.
/// A mistake is its message key.
pub fn parse_consent(text: &str) -> std::result::Result<Option<bool>, &'static str> {
    match names::fold(text).as_str() {
        "" => Ok(None),
        "yes" | "oui" | "1" | "x" | "true" | "vrai" | "y" | "o" => Ok(Some(true)),
        "no" | "non" | "0" | "false" | "faux" | "n" => Ok(Some(false)),
        _ => Err("import_err_consent"),
    }
}

pub(super) fn parse_lang(text: &str) -> std::result::Result<&'static str, ()> {
    match names::fold(text).as_str() {
        "" => Ok(""),
        "fr" | "francais" | "french" => Ok("fr"),
        "en" | "anglais" | "english" => Ok("en"),
        _ => Err(()),
    }
}

/// Tags of a cell: comma-separated, trimmed, each once.
pub(super) fn split_tags(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .filter(|t| seen.insert(t.to_lowercase()))
        .map(str::to_string)
        .collect()
}

/// Checks a custom field's value for its kind with `members::fields`' rules; returns what is
/// stored, or the message key of the mistake. Dates are read as everywhere in the import
/// (no two-digit years).
pub fn field_value(def: &FieldDef, raw: &str) -> std::result::Result<String, &'static str> {
    let raw = raw.trim();
    let typed = if def.kind == crate::members::fields::FieldKind::Date {
        match parse_date(raw) {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => return Err("import_err_field_date"),
        }
    } else {
        raw.to_string()
    };
    match def.check_value(&typed) {
        Ok(value) => Ok(value.unwrap_or_default()),
        Err("contact_field_number_invalid") => Err("import_err_number"),
        Err("contact_field_date_invalid") => Err("import_err_field_date"),
        Err("contact_field_choice_invalid") => Err("import_err_choice"),
        Err("too_long") => Err("import_err_too_long"),
        Err(_) => Err("import_err_invalid"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_french_or_iso_and_no_two_digit_years() {
        let d = NaiveDate::from_ymd_opt(1990, 12, 31);
        assert_eq!(parse_date("31/12/1990"), d);
        assert_eq!(parse_date("1990-12-31"), d);
        assert_eq!(parse_date("1/2/1990"), NaiveDate::from_ymd_opt(1990, 2, 1));
        assert_eq!(parse_date("1/2/90"), None);
        assert_eq!(parse_date("31/02/1990"), None);
    }
}
