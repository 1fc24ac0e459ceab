//! Dates in words and in figures, the same on pages, in mails, in CSV files and in the texts
//! sent to the fediverse. The names of days and months and the order of a date's parts are
//! messages of `locales/*/dates.ftl`: chrono names days and months in English only (unless
//! its `unstable-locales` feature, a second locale database, is built in), and two languages
//! need no ICU.

use chrono::{Datelike, Timelike};

use super::{Lang, catalogue};

/// `lundi` or `Monday`, for an ISO weekday (1 is Monday, 7 is Sunday; out of range is held
/// to the nearest).
pub fn weekday_name(lang: Lang, iso_weekday: u32) -> &'static str {
    word(lang, WEEKDAYS[(iso_weekday.clamp(1, 7) - 1) as usize])
}

/// `janvier` or `January`, for a month from 1 to 12 (out of range is held to the nearest).
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    word(lang, MONTHS[(month.clamp(1, 12) - 1) as usize])
}

/// `samedi 5 décembre` or `Saturday 5 December`.
pub fn weekday_day_month(lang: Lang, d: &impl Datelike) -> String {
    lang.t_args(
        "date_weekday_day_month",
        &[
            ("weekday", weekday_of(lang, d).into()),
            ("day", d.day().into()),
            ("month", month_name(lang, d.month()).into()),
        ],
    )
}

/// `samedi 5 décembre 2026` or `Saturday 5 December 2026`.
pub fn weekday_date(lang: Lang, d: &impl Datelike) -> String {
    lang.t_args(
        "date_weekday_long",
        &[
            ("weekday", weekday_of(lang, d).into()),
            ("day", d.day().into()),
            ("month", month_name(lang, d.month()).into()),
            ("year", year(d)),
        ],
    )
}

/// `31 août 2027` or `31 August 2027`.
pub fn date(lang: Lang, d: &impl Datelike) -> String {
    lang.t_args(
        "date_long",
        &[
            ("day", d.day().into()),
            ("month", month_name(lang, d.month()).into()),
            ("year", year(d)),
        ],
    )
}

/// `31/08/2027` or `2027-08-31`.
pub fn numeric_date(lang: Lang, d: &impl Datelike) -> String {
    figures(lang, "date_numeric", d, None)
}

/// `31/08/2027 18:30` or `2027-08-31 18:30`.
pub fn numeric_datetime(lang: Lang, t: &(impl Datelike + Timelike)) -> String {
    figures(lang, "datetime_numeric", t, Some((t.hour(), t.minute())))
}

/// `31/08/2027 à 18:30` or `2027-08-31 at 18:30`.
pub fn datetime_at(lang: Lang, t: &(impl Datelike + Timelike)) -> String {
    figures(lang, "datetime_at", t, Some((t.hour(), t.minute())))
}

const WEEKDAYS: [&str; 7] = [
    "weekday_1",
    "weekday_2",
    "weekday_3",
    "weekday_4",
    "weekday_5",
    "weekday_6",
    "weekday_7",
];
const MONTHS: [&str; 12] = [
    "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
    "month_9", "month_10", "month_11", "month_12",
];

fn weekday_of(lang: Lang, d: &impl Datelike) -> &'static str {
    weekday_name(lang, d.weekday().number_from_monday())
}

/// The year as plain figures: Fluent would not group them, but say so rather than rely on it.
fn year(d: &impl Datelike) -> super::Value<'static> {
    d.year().to_string().into()
}

fn word(lang: Lang, key: &'static str) -> &'static str {
    catalogue::get().plain(lang, key).unwrap_or(key)
}

/// A date (and time) in figures, by the language's chrono pattern. The pattern is read from
/// the catalogue, so it is checked here: a pattern chrono cannot follow gives ISO figures
/// rather than a failed page.
fn figures(lang: Lang, key: &'static str, d: &impl Datelike, time: Option<(u32, u32)>) -> String {
    use std::fmt::Write;
    let pattern = word(lang, key);
    let date = chrono::NaiveDate::from_ymd_opt(d.year(), d.month(), d.day());
    let (hour, minute) = time.unwrap_or((0, 0));
    let at = date.and_then(|day| day.and_hms_opt(hour, minute, 0));
    let Some(at) = at else {
        return String::new();
    };
    let mut out = String::new();
    if write!(out, "{}", at.format(pattern)).is_err() {
        tracing::warn!(
            key,
            pattern,
            "a date pattern of the catalogue is not chrono's"
        );
        return at.format("%Y-%m-%d %H:%M").to_string();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_read_the_same_in_both_languages_order() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(weekday_day_month(Lang::Fr, &d), "samedi 5 décembre");
        assert_eq!(weekday_date(Lang::En, &d), "Saturday 5 December 2026");
        assert_eq!(
            date(Lang::Fr, &NaiveDate::from_ymd_opt(2027, 8, 31).unwrap()),
            "31 août 2027"
        );
    }

    #[test]
    fn figures_follow_each_language() {
        let t = NaiveDate::from_ymd_opt(2027, 8, 31)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap();
        assert_eq!(numeric_date(Lang::Fr, &t.date()), "31/08/2027");
        assert_eq!(numeric_date(Lang::En, &t.date()), "2027-08-31");
        assert_eq!(numeric_datetime(Lang::Fr, &t), "31/08/2027 18:05");
        assert_eq!(datetime_at(Lang::Fr, &t), "31/08/2027 à 18:05");
        assert_eq!(datetime_at(Lang::En, &t), "2027-08-31 at 18:05");
    }

    #[test]
    fn names_are_held_to_their_range() {
        assert_eq!(weekday_name(Lang::Fr, 1), "lundi");
        assert_eq!(weekday_name(Lang::En, 9), "Sunday");
        assert_eq!(month_name(Lang::Fr, 8), "août");
        assert_eq!(month_name(Lang::En, 0), "January");
    }
}
