//! Recurring series: a weekly class made once with a rule ("Tuesdays 19:00–20:30 from September
//! until June, except the holidays") gives one event per date, each with its own capacity and
//! registrations. Editing the series changes every occurrence still to come; editing one
//! occurrence is the ordinary event edit.
//!
//! Times are local: an occurrence after the change to summer time still starts at 19:00 on the
//! wall clock, so its UTC time moves by an hour.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{
    agenda::{self, Event, EventInput},
    notices::Links,
    registrations,
};
use crate::db::{
    DbConn, now,
    schema::{event_series, events},
};
use crate::error::{Error, FieldError, Result};

/// At most this many occurrences in one series: a weekly class for four years. More is almost
/// certainly a typo in the end date.
pub const MAX_OCCURRENCES: usize = 200;

/// The longest range of dates left out that one line may name.
const MAX_EXCEPTION_DAYS: i64 = 366;

/// When the occurrences are: one weekday, a start and an end time (local to the series' time
/// zone), the first and last date, and the dates left out (holidays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRule {
    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub weekday: u8,
    /// Local time, `19:00`.
    pub start_time: NaiveTime,
    /// Local time, `20:30`; earlier than the start means the next day.
    pub end_time: NaiveTime,
    /// First date that may hold an occurrence.
    pub from: NaiveDate,
    /// Last date that may hold an occurrence (included).
    pub until: NaiveDate,
    /// Dates left out.
    #[serde(default)]
    pub except: Vec<NaiveDate>,
}

impl SeriesRule {
    pub fn weekday(&self) -> Option<chrono::Weekday> {
        match self.weekday {
            1 => Some(chrono::Weekday::Mon),
            2 => Some(chrono::Weekday::Tue),
            3 => Some(chrono::Weekday::Wed),
            4 => Some(chrono::Weekday::Thu),
            5 => Some(chrono::Weekday::Fri),
            6 => Some(chrono::Weekday::Sat),
            7 => Some(chrono::Weekday::Sun),
            _ => None,
        }
    }

    /// The dates of the occurrences, checked: at least one, at most `MAX_OCCURRENCES`.
    pub fn dates(&self) -> Result<Vec<NaiveDate>> {
        let mut errors = Vec::new();
        let weekday = self.weekday();
        if weekday.is_none() {
            errors.push(FieldError {
                field: "weekday",
                code: "weekday_invalid",
            });
        }
        if self.until < self.from {
            errors.push(FieldError {
                field: "until",
                code: "ends_before_start",
            });
        }
        if self.end_time == self.start_time {
            errors.push(FieldError {
                field: "end_time",
                code: "ends_before_start",
            });
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let weekday = weekday.expect("checked");
        let ahead = (7 + weekday.num_days_from_monday() as i64
            - self.from.weekday().num_days_from_monday() as i64)
            % 7;
        let mut dates = Vec::new();
        let mut day = self.from + Duration::days(ahead);
        while day <= self.until {
            if !self.except.contains(&day) {
                if dates.len() == MAX_OCCURRENCES {
                    return Err(Error::invalid("until", "series_too_long"));
                }
                dates.push(day);
            }
            day += Duration::days(7);
        }
        if dates.is_empty() {
            return Err(Error::invalid("until", "series_empty"));
        }
        Ok(dates)
    }

    /// Local start and end of the occurrence on `date`.
    pub fn times_on(&self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        local_times(date, self.start_time, self.end_time)
    }
}

fn local_times(
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
) -> (NaiveDateTime, NaiveDateTime) {
    let end_day = if end <= start {
        date + Duration::days(1)
    } else {
        date
    };
    (date.and_time(start), end_day.and_time(end))
}

/// Reads the dates left out, as typed in a form: one per line (or separated by commas), each a
/// date (`2026-12-22` or `22/12/2026`) or a range (`2026-12-19..2027-01-04`, both included).
pub fn parse_exceptions(text: &str) -> Result<Vec<NaiveDate>> {
    let mut dates = Vec::new();
    for item in text.split(['\n', ',', ';']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let bad = || Error::invalid("except", "dates_invalid");
        match item.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (
                    parse_date(a.trim()).ok_or_else(bad)?,
                    parse_date(b.trim()).ok_or_else(bad)?,
                );
                if b < a || (b - a).num_days() > MAX_EXCEPTION_DAYS {
                    return Err(bad());
                }
                let mut day = a;
                while day <= b {
                    dates.push(day);
                    day += Duration::days(1);
                }
            }
            None => dates.push(parse_date(item).ok_or_else(bad)?),
        }
    }
    dates.sort();
    dates.dedup();
    Ok(dates)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// The dates left out, written back for the form: runs of consecutive days as ranges.
pub fn format_exceptions(dates: &[NaiveDate]) -> String {
    let mut sorted = dates.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + Duration::days(1) {
            i += 1;
            end = sorted[i];
        }
        lines.push(if start == end {
            start.to_string()
        } else {
            format!("{start}..{end}")
        });
        i += 1;
    }
    lines.join("\n")
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = event_series)]
pub struct Series {
    pub id: i64,
    pub title: String,
    /// The rule, as JSON.
    pub rule: String,
    pub created_at: NaiveDateTime,
}

impl Series {
    pub fn rule(&self) -> Result<SeriesRule> {
        serde_json::from_str(&self.rule).map_err(Error::internal)
    }
}

/// Where a field error of one occurrence belongs on the series' form.
fn for_series(e: Error) -> Error {
    match e {
        Error::Invalid(fields) => Error::Invalid(
            fields
                .into_iter()
                .map(|f| FieldError {
                    field: match f.field {
                        "starts_at" => "start_time",
                        "ends_at" => "end_time",
                        other => other,
                    },
                    code: f.code,
                })
                .collect(),
        ),
        other => other,
    }
}

/// Makes the series and one event per date, all in one transaction: either every occurrence
/// exists or none. `input` is the template (its start, end and registration window are
/// ignored: each occurrence takes the rule's times on its date and is open to registration
/// until it ends).
pub fn create_series(
    conn: &mut DbConn,
    input: &EventInput,
    rule: &SeriesRule,
    default_tz: chrono_tz::Tz,
) -> Result<(i64, Vec<Event>)> {
    let dates = match rule.dates() {
        Ok(dates) => dates,
        Err(Error::Invalid(mut fields)) => {
            if input.title.trim().is_empty() {
                fields.insert(
                    0,
                    FieldError {
                        field: "title",
                        code: "required",
                    },
                );
            }
            return Err(Error::Invalid(fields));
        }
        Err(e) => return Err(e),
    };
    let rule_json = serde_json::to_string(rule).map_err(Error::internal)?;
    crate::db::transaction(conn, |conn| {
        let series_id: i64 = diesel::insert_into(event_series::table)
            .values((
                event_series::title.eq(input.title.trim()),
                event_series::rule.eq(&rule_json),
                event_series::created_at.eq(now()),
            ))
            .returning(event_series::id)
            .get_result(conn)?;
        let mut made = Vec::with_capacity(dates.len());
        for date in dates {
            let (start, end) = rule.times_on(date);
            let mut one = input.clone();
            one.starts_at = Some(start);
            one.ends_at = Some(end);
            one.registration_opens_at = None;
            one.registration_closes_at = None;
            made.push(agenda::create(conn, &one, default_tz, Some(series_id)).map_err(for_series)?);
        }
        Ok((series_id, made))
    })
}

/// An edit of the whole series: the template's title, description, place, category, image,
/// capacity and registration settings go to every occurrence still to come; with `start_time`
/// and `end_time`, those occurrences move to the new times on their own dates.
#[derive(Debug, Clone)]
pub struct SeriesEdit {
    pub event: EventInput,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
}

/// Applies `edit` to every occurrence that has not started yet, in one transaction. Each keeps
/// its own status and registrations; a capacity goes through `registrations::set_capacity`
/// (raising it confirms people waiting; it cannot go below an occurrence's confirmed count).
/// Returns the occurrences changed.
pub fn update_series(
    conn: &mut DbConn,
    links: &Links,
    series_id: i64,
    edit: &SeriesEdit,
    default_tz: chrono_tz::Tz,
) -> Result<Vec<Event>> {
    if let (Some(s), Some(e)) = (edit.start_time, edit.end_time)
        && s == e
    {
        return Err(Error::invalid("end_time", "ends_before_start"));
    }
    crate::db::transaction(conn, |conn| {
        let series = find(conn, series_id)?;
        let mut rule = series.rule()?;
        let coming = future_occurrences(conn, series_id, now())?;
        let mut changed = Vec::with_capacity(coming.len());
        for event in coming {
            let tz = event.tz();
            let local = |t: NaiveDateTime| t.and_utc().with_timezone(&tz).naive_local();
            let (start, end) = match (edit.start_time, edit.end_time) {
                (None, None) => (local(event.starts_at), local(event.ends_at)),
                (s, e) => {
                    let start = local(event.starts_at);
                    let end = local(event.ends_at);
                    local_times(
                        start.date(),
                        s.unwrap_or(start.time()),
                        e.unwrap_or(end.time()),
                    )
                }
            };
            let mut one = edit.event.clone();
            one.starts_at = Some(start);
            one.ends_at = Some(end);
            one.registration_opens_at = event.registration_opens_at.map(local);
            one.registration_closes_at = event.registration_closes_at.map(local);
            one.status = event.status;
            let capacity = one.capacity;
            let mut updated =
                agenda::update(conn, event.id, &one, default_tz).map_err(for_series)?;
            if capacity != event.capacity {
                updated = registrations::set_capacity(conn, links, event.id, capacity)?;
            }
            changed.push(updated);
        }
        if let Some(s) = edit.start_time {
            rule.start_time = s;
        }
        if let Some(e) = edit.end_time {
            rule.end_time = e;
        }
        diesel::update(event_series::table.find(series_id))
            .set((
                event_series::title.eq(edit.event.title.trim()),
                event_series::rule.eq(serde_json::to_string(&rule).map_err(Error::internal)?),
            ))
            .execute(conn)?;
        Ok(changed)
    })
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Series> {
    Ok(event_series::table
        .find(id)
        .select(Series::as_select())
        .first(conn)?)
}

/// Every occurrence of a series, in date order.
pub fn occurrences(conn: &mut DbConn, series_id: i64) -> Result<Vec<Event>> {
    Ok(events::table
        .filter(events::series_id.eq(series_id))
        .order((events::starts_at, events::id))
        .select(Event::as_select())
        .load(conn)?)
}

/// The occurrences that start after `at`, in date order.
pub fn future_occurrences(
    conn: &mut DbConn,
    series_id: i64,
    at: NaiveDateTime,
) -> Result<Vec<Event>> {
    Ok(events::table
        .filter(events::series_id.eq(series_id))
        .filter(events::starts_at.gt(at))
        .order((events::starts_at, events::id))
        .select(Event::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn t(text: &str) -> NaiveTime {
        NaiveTime::parse_from_str(text, "%H:%M").unwrap()
    }

    fn tuesdays(from: &str, until: &str, except: Vec<NaiveDate>) -> SeriesRule {
        SeriesRule {
            weekday: 2,
            start_time: t("19:00"),
            end_time: t("20:30"),
            from: d(from),
            until: d(until),
            except,
        }
    }

    #[test]
    fn one_date_per_week_from_the_first_matching_weekday_without_the_holidays() {
        // 2026-12-01 is a Tuesday; starting on the Wednesday before moves to it.
        let except = parse_exceptions("2026-12-19..2027-01-04\n12/01/2027").unwrap();
        let dates = tuesdays("2026-11-25", "2027-01-19", except)
            .dates()
            .unwrap();
        assert_eq!(
            dates,
            vec![
                d("2026-12-01"),
                d("2026-12-08"),
                d("2026-12-15"),
                d("2027-01-05"),
                d("2027-01-19"),
            ]
        );
    }

    #[test]
    fn bad_rules_name_their_field() {
        let mut rule = tuesdays("2027-01-10", "2027-01-01", vec![]);
        assert!(matches!(rule.dates(), Err(Error::Invalid(f)) if f[0].field == "until"));
        rule = tuesdays("2026-01-01", "2030-01-01", vec![]);
        assert!(matches!(rule.dates(), Err(Error::Invalid(f)) if f[0].code == "series_too_long"));
        rule = tuesdays("2026-12-02", "2026-12-07", vec![]);
        assert!(matches!(rule.dates(), Err(Error::Invalid(f)) if f[0].code == "series_empty"));
        rule.weekday = 8;
        assert!(matches!(rule.dates(), Err(Error::Invalid(f)) if f[0].field == "weekday"));
        assert!(parse_exceptions("2026-13-01").is_err());
        assert!(parse_exceptions("2027-01-04..2026-12-19").is_err());
        assert!(parse_exceptions("2020-01-01..2030-01-01").is_err());
    }

    #[test]
    fn exceptions_are_written_back_as_ranges() {
        let dates = parse_exceptions("2026-12-19..2026-12-21, 2026-12-25").unwrap();
        assert_eq!(
            format_exceptions(&dates),
            "2026-12-19..2026-12-21\n2026-12-25"
        );
        assert_eq!(parse_exceptions(&format_exceptions(&dates)).unwrap(), dates);
    }

    #[test]
    fn an_end_before_the_start_is_the_next_day() {
        let mut rule = tuesdays("2026-12-01", "2026-12-01", vec![]);
        rule.start_time = t("22:00");
        rule.end_time = t("01:00");
        let (start, end) = rule.times_on(d("2026-12-01"));
        assert_eq!(end - start, Duration::hours(3));
    }

    #[test]
    fn the_rule_round_trips_as_json() {
        let rule = tuesdays("2026-12-01", "2027-06-29", vec![d("2026-12-22")]);
        let json = serde_json::to_string(&rule).unwrap();
        assert!(json.contains("\"start_time\":\"19:00:00\""), "{json}");
        let back: SeriesRule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rule);
        // A person or a script may leave the seconds out.
        let typed: SeriesRule = serde_json::from_str(
            r#"{"weekday":2,"start_time":"19:00","end_time":"20:30","from":"2026-12-01","until":"2027-01-01"}"#,
        )
        .unwrap();
        assert_eq!(typed.start_time, t("19:00"));
    }
}
