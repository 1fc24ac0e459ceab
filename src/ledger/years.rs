//! Fiscal years, as the statutes set them: any start day, a first year of up to 24 months,
//! then years of up to 12 months, each following the one before with no overlap and no gap.
//! The journals are made with the first year.

use chrono::{Months, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::JournalKind;
use super::charts::{self, PCA_2018, PCA_2025};
use crate::db::{
    DbConn, TextEnum, now,
    schema::{fiscal_years, journals},
};
use crate::error::{Error, FieldError, Message, Result};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = fiscal_years)]
pub struct FiscalYear {
    pub id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub chart_id: i64,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub seal_sha256: Option<String>,
}

impl FiscalYear {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }

    pub fn covers(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

/// A year as typed: its first and last days, and the chart (empty: PCA 2025 for a year that
/// starts in 2025 or later, PCA 2018 before).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct YearInput {
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub chart: String,
}

/// Checks a new year against the years there are (first and last days of each): the rules of
/// the statutes and of continuity. Answers the mistake's field and message key.
pub fn check_new(
    existing: &[(NaiveDate, NaiveDate)],
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> std::result::Result<(), FieldError> {
    let fail = |field, code| Err(FieldError { field, code });
    if ends_on <= starts_on {
        return fail("ends_on", "ledger_year_ends_before_start");
    }
    let longest = if existing.is_empty() { 24 } else { 12 };
    let limit = starts_on
        .checked_add_months(Months::new(longest))
        .unwrap_or(NaiveDate::MAX);
    if ends_on >= limit {
        return fail(
            "ends_on",
            if existing.is_empty() {
                "ledger_year_first_too_long"
            } else {
                "ledger_year_too_long"
            },
        );
    }
    if existing
        .iter()
        .any(|(s, e)| starts_on <= *e && *s <= ends_on)
    {
        return fail("starts_on", "ledger_year_overlaps");
    }
    let first = existing.iter().map(|(s, _)| *s).min();
    let last = existing.iter().map(|(_, e)| *e).max();
    if let (Some(first), Some(last)) = (first, last) {
        let follows = last.succ_opt() == Some(starts_on);
        let precedes = ends_on.succ_opt() == Some(first);
        if !follows && !precedes {
            return fail("starts_on", "ledger_year_gap");
        }
    }
    Ok(())
}

/// Creates a fiscal year (and, with the first one, the journals).
pub fn create(conn: &mut DbConn, input: &YearInput) -> Result<FiscalYear> {
    let mut errors = Vec::new();
    if input.starts_on.is_none() {
        errors.push(FieldError {
            field: "starts_on",
            code: "ledger_year_date_required",
        });
    }
    if input.ends_on.is_none() {
        errors.push(FieldError {
            field: "ends_on",
            code: "ledger_year_date_required",
        });
    }
    let (Some(starts_on), Some(ends_on)) = (input.starts_on, input.ends_on) else {
        return Err(Error::Invalid(errors));
    };
    let code = match input.chart.trim() {
        "" if starts_on >= NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(NaiveDate::MIN) => {
            PCA_2025
        }
        "" => PCA_2018,
        code => code,
    };
    let chart = match charts::by_code(conn, code) {
        Ok(chart) => chart,
        Err(Error::NotFound) => return Err(Error::invalid("chart", "ledger_year_chart_invalid")),
        Err(e) => return Err(e),
    };
    crate::db::transaction(conn, |c| {
        let existing: Vec<(NaiveDate, NaiveDate)> = fiscal_years::table
            .select((fiscal_years::starts_on, fiscal_years::ends_on))
            .load(c)?;
        check_new(&existing, starts_on, ends_on).map_err(|e| Error::Invalid(vec![e]))?;
        ensure_journals(c)?;
        let id: i64 = diesel::insert_into(fiscal_years::table)
            .values((
                fiscal_years::starts_on.eq(starts_on),
                fiscal_years::ends_on.eq(ends_on),
                fiscal_years::chart_id.eq(chart.id),
                fiscal_years::created_at.eq(now()),
            ))
            .returning(fiscal_years::id)
            .get_result(c)?;
        find(c, id)
    })
}

/// Makes the journals that are missing (all of them, with the first year).
fn ensure_journals(conn: &mut DbConn) -> Result<()> {
    let known: Vec<JournalKind> = journals::table.select(journals::kind).load(conn)?;
    for kind in JournalKind::ALL {
        if !known.contains(kind) {
            diesel::insert_into(journals::table)
                .values((
                    journals::kind.eq(kind),
                    journals::code.eq(kind.code()),
                    journals::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A journal's id.
pub fn journal_id(conn: &mut DbConn, kind: JournalKind) -> Result<i64> {
    journals::table
        .filter(journals::kind.eq(kind))
        .select(journals::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::conflict("ledger_no_year"))
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<FiscalYear> {
    Ok(fiscal_years::table
        .find(id)
        .select(FiscalYear::as_select())
        .first(conn)?)
}

/// Every year, the earliest first.
pub fn all(conn: &mut DbConn) -> Result<Vec<FiscalYear>> {
    Ok(fiscal_years::table
        .order(fiscal_years::starts_on)
        .select(FiscalYear::as_select())
        .load(conn)?)
}

/// The year that covers a day, open or closed.
pub fn covering(conn: &mut DbConn, day: NaiveDate) -> Result<Option<FiscalYear>> {
    Ok(fiscal_years::table
        .filter(fiscal_years::starts_on.le(day))
        .filter(fiscal_years::ends_on.ge(day))
        .select(FiscalYear::as_select())
        .first(conn)
        .optional()?)
}

/// The open year that covers a day, or the error that says why there is none: no year covers
/// it (a field mistake), or it is closed (a conflict).
///
/// On PostgreSQL the year's row is locked for share until the caller's transaction ends, so
/// that a closing (which locks it exclusively) waits for the postings under way and the
/// postings that come after it see the year closed. (SQLite has one writer at a time.)
pub fn open_for(conn: &mut DbConn, day: NaiveDate) -> Result<FiscalYear> {
    let mut year = covering(conn, day)?;
    if let Some(found) = &year {
        lock(conn, found.id, Lock::Share)?;
        year = Some(find(conn, found.id)?);
    }
    match year {
        None => Err(Error::invalid("on_date", "ledger_date_in_no_year")),
        Some(year) if year.is_closed() => Err(closed(&year)),
        Some(year) => Ok(year),
    }
}

/// How [`lock`] holds a year's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Postings: many at once.
    Share,
    /// The closing: alone.
    Exclusive,
}

/// Locks a year's row until the transaction ends (PostgreSQL; on SQLite the transaction
/// already holds the one write lock).
pub fn lock(conn: &mut DbConn, id: i64, how: Lock) -> Result<()> {
    if let DbConn::Pg(c) = conn {
        let clause = match how {
            Lock::Share => "FOR SHARE",
            Lock::Exclusive => "FOR UPDATE",
        };
        diesel::sql_query(format!(
            "SELECT id FROM fiscal_years WHERE id = $1 {clause}"
        ))
        .bind::<diesel::sql_types::BigInt, _>(id)
        .execute(c)?;
    }
    Ok(())
}

/// The error for a change in a closed year.
pub fn closed(year: &FiscalYear) -> Error {
    Error::Conflict(
        Message::new("ledger_year_closed")
            .with("start", year.starts_on)
            .with("end", year.ends_on),
    )
}

/// The year that follows this one, if it was created.
pub fn next(conn: &mut DbConn, year: &FiscalYear) -> Result<Option<FiscalYear>> {
    match year.ends_on.succ_opt() {
        Some(day) => Ok(fiscal_years::table
            .filter(fiscal_years::starts_on.eq(day))
            .select(FiscalYear::as_select())
            .first(conn)
            .optional()?),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn code(r: std::result::Result<(), FieldError>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code)
    }

    #[test]
    fn a_first_year_may_start_any_month_and_last_up_to_24_months() {
        assert_eq!(code(check_new(&[], d(2026, 9, 1), d(2027, 8, 31))), "ok");
        assert_eq!(code(check_new(&[], d(2026, 3, 15), d(2028, 3, 14))), "ok");
        assert_eq!(
            code(check_new(&[], d(2026, 3, 15), d(2028, 3, 15))),
            "ledger_year_first_too_long"
        );
        assert_eq!(
            code(check_new(&[], d(2026, 9, 1), d(2026, 9, 1))),
            "ledger_year_ends_before_start"
        );
    }

    #[test]
    fn later_years_follow_without_gap_nor_overlap_and_last_up_to_12_months() {
        let first = [(d(2026, 9, 1), d(2027, 8, 31))];
        assert_eq!(code(check_new(&first, d(2027, 9, 1), d(2028, 8, 31))), "ok");
        assert_eq!(code(check_new(&first, d(2025, 9, 1), d(2026, 8, 31))), "ok");
        // A shorter year, when the statutes move the closing date.
        assert_eq!(
            code(check_new(&first, d(2027, 9, 1), d(2027, 12, 31))),
            "ok"
        );
        assert_eq!(
            code(check_new(&first, d(2027, 9, 1), d(2028, 9, 30))),
            "ledger_year_too_long"
        );
        assert_eq!(
            code(check_new(&first, d(2027, 8, 1), d(2028, 7, 31))),
            "ledger_year_overlaps"
        );
        assert_eq!(
            code(check_new(&first, d(2027, 10, 1), d(2028, 8, 31))),
            "ledger_year_gap"
        );
    }
}
