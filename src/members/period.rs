//! What a membership covers: the association's season (a year that starts on a day the admin
//! chooses, 1 January by default, 1 September for a season like a school year) or twelve
//! rolling months from the payment; and when renewal reminders go, in days before and after
//! the end. The admin sets these in the dashboard; they are kept in `db::settings`.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::db::{DbConn, settings as stored};
use crate::error::{Error, FieldError, Result};

/// The keys in `db::settings`.
pub const PERIOD_KEY: &str = "membership_period";
pub const YEAR_START_KEY: &str = "membership_year_start";
pub const REMINDERS_BEFORE_KEY: &str = "membership_reminders_before";
pub const REMINDERS_AFTER_KEY: &str = "membership_reminders_after";

/// At most this many reminders on each side of the end.
const MAX_REMINDERS: usize = 5;
/// A reminder at most this many days from the end.
const MAX_OFFSET: u32 = 365;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// The year that starts on `year_start` and contains the payment.
    Season,
    /// Twelve months from the payment.
    Rolling,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Season => "season",
            Period::Rolling => "rolling",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        match text.trim() {
            "season" => Some(Period::Season),
            "rolling" => Some(Period::Rolling),
            _ => None,
        }
    }
}

/// The membership settings, as the admin chose them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub period: Period,
    /// The first day of the season: (month, day), never 29 February.
    pub year_start: (u32, u32),
    /// Days before the end when a reminder goes, largest first: `[30, 7]`.
    pub reminders_before: Vec<u32>,
    /// Days after the end when a reminder goes, smallest first: `[30]`.
    pub reminders_after: Vec<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            period: Period::Season,
            year_start: (1, 1),
            reminders_before: vec![30, 7],
            reminders_after: vec![30],
        }
    }
}

impl Settings {
    /// Every reminder as a signed number of days from the end (before: negative).
    pub fn offsets(&self) -> Vec<i32> {
        let before = self.reminders_before.iter().map(|d| -(*d as i32));
        let after = self.reminders_after.iter().map(|d| *d as i32);
        before.chain(after).collect()
    }

    /// How many days before its end a membership counts as "to renew": the earliest reminder.
    pub fn renew_window(&self) -> u32 {
        self.reminders_before.iter().copied().max().unwrap_or(0)
    }

    /// The season start written as in the settings: `09-01`.
    pub fn year_start_text(&self) -> String {
        format!("{:02}-{:02}", self.year_start.0, self.year_start.1)
    }
}

/// The settings as typed in the form (or stored): every field text.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SettingsInput {
    #[serde(default)]
    pub period: String,
    /// `MM-DD`.
    #[serde(default)]
    pub year_start: String,
    /// Days, separated by commas: `30,7`. Empty: no reminder before.
    #[serde(default)]
    pub reminders_before: String,
    #[serde(default)]
    pub reminders_after: String,
}

impl SettingsInput {
    pub fn of(settings: &Settings) -> SettingsInput {
        let list = |days: &[u32]| {
            days.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        SettingsInput {
            period: settings.period.as_str().into(),
            year_start: settings.year_start_text(),
            reminders_before: list(&settings.reminders_before),
            reminders_after: list(&settings.reminders_after),
        }
    }

    /// Reads every field; gives all the mistakes at once.
    pub fn check(&self) -> Result<Settings> {
        let mut errors = Vec::new();
        let period = Period::parse(&self.period);
        if period.is_none() {
            errors.push(FieldError {
                field: "period",
                code: "membership_period_invalid",
            });
        }
        let year_start = parse_month_day(&self.year_start);
        if year_start.is_none() {
            errors.push(FieldError {
                field: "year_start",
                code: "membership_year_start_invalid",
            });
        }
        let before = parse_days(&self.reminders_before);
        if before.is_none() {
            errors.push(FieldError {
                field: "reminders_before",
                code: "membership_reminders_invalid",
            });
        }
        let after = parse_days(&self.reminders_after);
        if after.is_none() {
            errors.push(FieldError {
                field: "reminders_after",
                code: "membership_reminders_invalid",
            });
        }
        match (period, year_start, before, after) {
            (Some(period), Some(year_start), Some(mut before), Some(mut after)) => {
                before.sort_unstable_by(|a, b| b.cmp(a));
                after.sort_unstable();
                Ok(Settings {
                    period,
                    year_start,
                    reminders_before: before,
                    reminders_after: after,
                })
            }
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// `MM-DD` (or `DD/MM`, as French people write it) of a day that every year has.
fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let text = text.trim();
    let (month, day) = if let Some((m, d)) = text.split_once('-') {
        (m.trim().parse().ok()?, d.trim().parse().ok()?)
    } else {
        let (d, m) = text.split_once('/')?;
        (m.trim().parse().ok()?, d.trim().parse().ok()?)
    };
    // 2025 is not a leap year: 29 February is refused, as a season needs a start every year.
    NaiveDate::from_ymd_opt(2025, month, day).map(|_| (month, day))
}

/// `30, 7` -> [30, 7]; empty -> []. Whole days from 1 to 365, each once, at most five.
fn parse_days(text: &str) -> Option<Vec<u32>> {
    let mut days = Vec::new();
    for part in text.split([',', ';', ' ']).filter(|p| !p.trim().is_empty()) {
        let day: u32 = part.trim().parse().ok()?;
        if !(1..=MAX_OFFSET).contains(&day) || days.contains(&day) {
            return None;
        }
        days.push(day);
    }
    (days.len() <= MAX_REMINDERS).then_some(days)
}

/// The settings in force. A value that cannot be read (never set, or set by hand) gives the
/// default for that field.
pub fn load(conn: &mut DbConn) -> Result<Settings> {
    let defaults = Settings::default();
    let text = |conn: &mut DbConn, key| -> Result<Option<String>> {
        stored::get(conn, key).map_err(Error::from)
    };
    let period = text(conn, PERIOD_KEY)?
        .and_then(|t| Period::parse(&t))
        .unwrap_or(defaults.period);
    let year_start = text(conn, YEAR_START_KEY)?
        .and_then(|t| parse_month_day(&t))
        .unwrap_or(defaults.year_start);
    let mut reminders_before = text(conn, REMINDERS_BEFORE_KEY)?
        .and_then(|t| parse_days(&t))
        .unwrap_or(defaults.reminders_before);
    reminders_before.sort_unstable_by(|a, b| b.cmp(a));
    let mut reminders_after = text(conn, REMINDERS_AFTER_KEY)?
        .and_then(|t| parse_days(&t))
        .unwrap_or(defaults.reminders_after);
    reminders_after.sort_unstable();
    Ok(Settings {
        period,
        year_start,
        reminders_before,
        reminders_after,
    })
}

/// Checks and keeps what the admin typed; returns the settings now in force.
pub fn save(conn: &mut DbConn, input: &SettingsInput) -> Result<Settings> {
    let settings = input.check()?;
    let typed = SettingsInput::of(&settings);
    crate::db::transaction(conn, |c| {
        stored::set(c, PERIOD_KEY, &typed.period)?;
        stored::set(c, YEAR_START_KEY, &typed.year_start)?;
        stored::set(c, REMINDERS_BEFORE_KEY, &typed.reminders_before)?;
        stored::set(c, REMINDERS_AFTER_KEY, &typed.reminders_after)?;
        Ok::<_, Error>(())
    })?;
    Ok(settings)
}

/// The days a membership paid on `paid_on` covers, first and last included. With a current
/// membership ending on `current_end`, a renewal paid before that end follows it: it starts
/// the day after. Otherwise the season containing the payment, or twelve months from it.
pub fn for_payment(
    settings: &Settings,
    paid_on: NaiveDate,
    current_end: Option<NaiveDate>,
) -> (NaiveDate, NaiveDate) {
    let renewal_from = match current_end {
        Some(end) if paid_on <= end => end.succ_opt(),
        _ => None,
    };
    let from = renewal_from.unwrap_or(paid_on);
    match settings.period {
        Period::Season => {
            let season = season_start(settings.year_start, from);
            let ends = last_day_of_year_from(season);
            // A renewal that follows a membership not aligned on the season (the setting
            // changed since) starts the day after it all the same, and ends with that season.
            (renewal_from.unwrap_or(season), ends)
        }
        Period::Rolling => (from, last_day_of_year_from(from)),
    }
}

/// The first day of the season that contains `day`.
fn season_start((month, d): (u32, u32), day: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(day.year(), month, d).unwrap_or(day);
    if this_year <= day {
        this_year
    } else {
        NaiveDate::from_ymd_opt(day.year() - 1, month, d).unwrap_or(day)
    }
}

/// The last day of the twelve months that start on `start`: the day before its anniversary.
/// Started on 29 February, the twelve months end on 28 February, a year to the day.
fn last_day_of_year_from(start: NaiveDate) -> NaiveDate {
    let is_leap_day = start.month() == 2 && start.day() == 29;
    let anniversary = start
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    if is_leap_day {
        // chrono gives 28 February of the next year: the last day itself.
        anniversary
    } else {
        anniversary
            .checked_sub_days(Days::new(1))
            .unwrap_or(anniversary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn season(month: u32, day: u32) -> Settings {
        Settings {
            period: Period::Season,
            year_start: (month, day),
            ..Settings::default()
        }
    }

    fn rolling() -> Settings {
        Settings {
            period: Period::Rolling,
            ..Settings::default()
        }
    }

    #[test]
    fn a_calendar_year_season_covers_the_year_of_the_payment() {
        let s = Settings::default();
        assert_eq!(
            for_payment(&s, d(2026, 3, 14), None),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(
            for_payment(&s, d(2026, 1, 1), None),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(
            for_payment(&s, d(2026, 12, 31), None),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
    }

    #[test]
    fn a_september_season_changes_on_its_first_day() {
        let s = season(9, 1);
        assert_eq!(
            for_payment(&s, d(2026, 8, 31), None),
            (d(2025, 9, 1), d(2026, 8, 31))
        );
        assert_eq!(
            for_payment(&s, d(2026, 9, 1), None),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        assert_eq!(
            for_payment(&s, d(2027, 2, 1), None),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
    }

    #[test]
    fn a_season_starting_in_march_ends_on_the_leap_day_when_there_is_one() {
        let s = season(3, 1);
        assert_eq!(
            for_payment(&s, d(2023, 6, 1), None),
            (d(2023, 3, 1), d(2024, 2, 29))
        );
        assert_eq!(
            for_payment(&s, d(2024, 2, 29), None),
            (d(2023, 3, 1), d(2024, 2, 29))
        );
        assert_eq!(
            for_payment(&s, d(2024, 3, 1), None),
            (d(2024, 3, 1), d(2025, 2, 28))
        );
    }

    #[test]
    fn twelve_rolling_months_end_the_day_before_the_anniversary() {
        let s = rolling();
        assert_eq!(
            for_payment(&s, d(2026, 5, 10), None),
            (d(2026, 5, 10), d(2027, 5, 9))
        );
        assert_eq!(
            for_payment(&s, d(2026, 1, 1), None),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        // Over a leap day: the anniversary is still the same date.
        assert_eq!(
            for_payment(&s, d(2023, 3, 1), None),
            (d(2023, 3, 1), d(2024, 2, 29))
        );
        assert_eq!(
            for_payment(&s, d(2024, 1, 31), None),
            (d(2024, 1, 31), d(2025, 1, 30))
        );
    }

    #[test]
    fn twelve_months_from_the_leap_day_end_on_28_february() {
        let s = rolling();
        assert_eq!(
            for_payment(&s, d(2024, 2, 29), None),
            (d(2024, 2, 29), d(2025, 2, 28))
        );
        assert_eq!(
            for_payment(&s, d(2024, 2, 28), None),
            (d(2024, 2, 28), d(2025, 2, 27))
        );
    }

    #[test]
    fn a_renewal_paid_before_the_end_follows_the_current_membership() {
        let s = season(9, 1);
        // Paid in June for the coming season.
        assert_eq!(
            for_payment(&s, d(2026, 6, 15), Some(d(2026, 8, 31))),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        // Paid on the last day: still the next season.
        assert_eq!(
            for_payment(&s, d(2026, 8, 31), Some(d(2026, 8, 31))),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        // Paid after the end: the season of the payment.
        assert_eq!(
            for_payment(&s, d(2026, 10, 2), Some(d(2026, 8, 31))),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        let r = rolling();
        assert_eq!(
            for_payment(&r, d(2027, 4, 20), Some(d(2027, 5, 9))),
            (d(2027, 5, 10), d(2028, 5, 9))
        );
        assert_eq!(
            for_payment(&r, d(2025, 2, 1), Some(d(2025, 2, 28))),
            (d(2025, 3, 1), d(2026, 2, 28))
        );
        assert_eq!(
            for_payment(&r, d(2027, 6, 1), Some(d(2027, 5, 9))),
            (d(2027, 6, 1), d(2028, 5, 31))
        );
    }

    #[test]
    fn a_renewal_after_a_membership_not_on_the_season_ends_with_the_season() {
        let s = season(1, 1);
        assert_eq!(
            for_payment(&s, d(2026, 4, 1), Some(d(2026, 5, 9))),
            (d(2026, 5, 10), d(2026, 12, 31))
        );
    }

    #[test]
    fn settings_are_checked_and_sorted() {
        let typed = SettingsInput {
            period: "season".into(),
            year_start: "09-01".into(),
            reminders_before: "7, 30".into(),
            reminders_after: "".into(),
        };
        let s = typed.check().unwrap();
        assert_eq!(s.year_start, (9, 1));
        assert_eq!(s.reminders_before, vec![30, 7]);
        assert!(s.reminders_after.is_empty());
        assert_eq!(s.offsets(), vec![-30, -7]);
        assert_eq!(s.renew_window(), 30);
        assert_eq!(
            SettingsInput {
                year_start: "1/9".into(),
                ..typed.clone()
            }
            .check()
            .unwrap()
            .year_start,
            (9, 1)
        );

        let bad = SettingsInput {
            period: "monthly".into(),
            year_start: "02-29".into(),
            reminders_before: "30,x".into(),
            reminders_after: "0".into(),
        };
        let Err(Error::Invalid(errors)) = bad.check() else {
            panic!("bad settings must be refused")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "period",
                "year_start",
                "reminders_before",
                "reminders_after"
            ]
        );
        for (before, ok) in [
            ("400", false),
            ("7,7", false),
            ("1,2,3,4,5,6", false),
            ("365", true),
        ] {
            let input = SettingsInput {
                reminders_before: before.into(),
                ..typed.clone()
            };
            assert_eq!(input.check().is_ok(), ok, "{before}");
        }
        assert!(
            SettingsInput {
                year_start: "04-31".into(),
                ..typed
            }
            .check()
            .is_err()
        );
    }
}
