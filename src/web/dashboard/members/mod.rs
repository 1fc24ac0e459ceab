//! Members in the dashboard: who is a member, who must renew, who has lapsed; memberships, categories, the period and reminder settings.
//!
//! One file per resource: `list` (the member lists), `memberships` (a person's memberships,
//! add, edit, delete), `categories`, `settings` (period and reminders, for admins).

use axum::{
    Router,
    routing::{get, post},
};
use chrono::NaiveDate;

use crate::App;
use crate::i18n::Lang;

mod categories;
mod list;
pub mod memberships;
mod settings;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/members", get(list::list))
        .route(
            "/dashboard/members/categories",
            get(categories::list).post(categories::create),
        )
        .route(
            "/dashboard/members/categories/{id}",
            get(categories::edit_form).post(categories::update),
        )
        .route(
            "/dashboard/members/categories/{id}/active",
            post(categories::set_active),
        )
        .route(
            "/dashboard/members/categories/{id}/move",
            post(categories::move_one),
        )
        .route(
            "/dashboard/members/settings",
            get(settings::show).post(settings::save),
        )
        .route(
            "/dashboard/contacts/{id}/memberships",
            get(memberships::contact_page).post(memberships::create),
        )
        .route(
            "/dashboard/memberships/{id}",
            get(memberships::edit_form).post(memberships::update),
        )
        .route(
            "/dashboard/memberships/{id}/delete",
            post(memberships::delete),
        )
}

pub use crate::i18n::numbers::{cents_text, money};

/// An amount that cannot be read: negative, more than two decimals, or not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadAmount;

/// An amount as typed: `25`, `25,5`, `25.50`, `1 000,00 €`. Empty: `Ok(None)`.
pub fn parse_cents(text: &str) -> Result<Option<i64>, BadAmount> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('€')
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let (whole, fraction) = match cleaned.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || (!fraction.is_empty() && !digits(fraction)) || fraction.len() > 2 {
        return Err(BadAmount);
    }
    let whole: i64 = whole.parse().map_err(|_| BadAmount)?;
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| BadAmount)? * 10,
        _ => fraction.parse().map_err(|_| BadAmount)?,
    };
    whole
        .checked_mul(100)
        .and_then(|c| c.checked_add(fraction))
        .map(Some)
        .ok_or(BadAmount)
}

/// A day for people: `31/08/2027` or `2027-08-31`.
pub fn day_text(lang: Lang, day: NaiveDate) -> String {
    crate::i18n::dates::numeric_date(lang, &day)
}

/// A day as typed: `2027-08-31` (what a date field sends) or `31/08/2027`.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(parse_cents(""), Ok(None));
        assert_eq!(parse_cents("25"), Ok(Some(2500)));
        assert_eq!(parse_cents("25,5"), Ok(Some(2550)));
        assert_eq!(parse_cents(" 25.50 € "), Ok(Some(2550)));
        assert_eq!(parse_cents("1 000,00"), Ok(Some(100_000)));
        assert_eq!(parse_cents("0,99"), Ok(Some(99)));
        for bad in [
            "-5",
            "12,345",
            "douze",
            "1,2,3",
            ",5",
            "99999999999999999999",
        ] {
            assert_eq!(parse_cents(bad), Err(BadAmount), "{bad}");
        }
    }

    #[test]
    fn amounts_and_days_are_shown_in_the_reader_language() {
        assert_eq!(money(Lang::Fr, 2550), "25,50 €");
        assert_eq!(money(Lang::En, 5), "€0.05");
        let day = NaiveDate::from_ymd_opt(2027, 8, 31).unwrap();
        assert_eq!(day_text(Lang::Fr, day), "31/08/2027");
        assert_eq!(parse_day("31/08/2027"), Some(day));
        assert_eq!(parse_day("2027-08-31"), Some(day));
        assert_eq!(parse_day("31 août"), None);
    }
}
