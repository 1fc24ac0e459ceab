//! Where a person stands, from the latest end of the memberships that cover them.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use crate::db::{
    DbConn,
    schema::{membership_people, memberships},
};
use crate::error::Result;
use crate::members::period;

/// Where a person stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A member until that day (included).
    Current {
        until: NaiveDate,
    },
    /// A member until that day, which comes within the first reminder.
    ToRenew {
        until: NaiveDate,
    },
    /// Was a member until that day; nothing newer.
    Lapsed {
        ended_on: NaiveDate,
    },
    Never,
}

impl Status {
    /// The status given by the latest end of the memberships covering a person.
    pub fn from_latest_end(
        latest: Option<NaiveDate>,
        today: NaiveDate,
        renew_window: u32,
    ) -> Status {
        match latest {
            None => Status::Never,
            Some(end) if end < today => Status::Lapsed { ended_on: end },
            Some(end) if end <= today + Days::new(renew_window.into()) => {
                Status::ToRenew { until: end }
            }
            Some(end) => Status::Current { until: end },
        }
    }

    pub fn is_member(self) -> bool {
        matches!(self, Status::Current { .. } | Status::ToRenew { .. })
    }

    /// Its message key.
    pub fn key(self) -> &'static str {
        match self {
            Status::Current { .. } => "member_status_current",
            Status::ToRenew { .. } => "member_status_renew",
            Status::Lapsed { .. } => "member_status_lapsed",
            Status::Never => "member_status_never",
        }
    }

    /// The date that goes with it: until, or ended on.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Status::Current { until } | Status::ToRenew { until } => Some(until),
            Status::Lapsed { ended_on } => Some(ended_on),
            Status::Never => None,
        }
    }
}

/// The last day covered by any membership of this person, paid by them or covering them.
pub fn latest_end(conn: &mut DbConn, contact_id: i64) -> Result<Option<NaiveDate>> {
    let own = latest_own_end(conn, contact_id, None)?;
    let covered: Option<NaiveDate> = membership_people::table
        .inner_join(memberships::table)
        .filter(membership_people::contact_id.eq(contact_id))
        .select(diesel::dsl::max(memberships::ends_on))
        .first(conn)?;
    Ok(own.max(covered))
}

/// A person's status on `today`.
pub fn status(
    conn: &mut DbConn,
    contact_id: i64,
    today: NaiveDate,
    settings: &period::Settings,
) -> Result<Status> {
    Ok(Status::from_latest_end(
        latest_end(conn, contact_id)?,
        today,
        settings.renew_window(),
    ))
}

/// Everyone who is a member on `today`: by a membership of their own, or covered by a family
/// one, that runs on `today` or later.
pub fn current_member_contacts(conn: &mut DbConn, today: NaiveDate) -> Result<HashSet<i64>> {
    let mut ids: HashSet<i64> = memberships::table
        .filter(memberships::ends_on.ge(today))
        .select(memberships::contact_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    ids.extend(
        membership_people::table
            .inner_join(memberships::table)
            .filter(memberships::ends_on.ge(today))
            .select(membership_people::contact_id)
            .load::<i64>(conn)?,
    );
    Ok(ids)
}

/// The latest end of the memberships this contact paid; with `before`, only those recorded
/// before that one (an edit follows what came before it, not what came after).
pub(super) fn latest_own_end(
    conn: &mut DbConn,
    contact_id: i64,
    before: Option<i64>,
) -> Result<Option<NaiveDate>> {
    let mut query = memberships::table
        .filter(memberships::contact_id.eq(contact_id))
        .select(diesel::dsl::max(memberships::ends_on))
        .into_boxed();
    if let Some(id) = before {
        query = query.filter(memberships::id.lt(id));
    }
    Ok(query.first(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_status_follows_the_latest_end() {
        let today = d(2026, 8, 1);
        assert_eq!(Status::from_latest_end(None, today, 30), Status::Never);
        assert_eq!(
            Status::from_latest_end(Some(d(2026, 7, 31)), today, 30),
            Status::Lapsed {
                ended_on: d(2026, 7, 31)
            }
        );
        // The last day is still covered.
        assert_eq!(
            Status::from_latest_end(Some(today), today, 30),
            Status::ToRenew { until: today }
        );
        assert_eq!(
            Status::from_latest_end(Some(d(2026, 8, 31)), today, 30),
            Status::ToRenew {
                until: d(2026, 8, 31)
            }
        );
        assert_eq!(
            Status::from_latest_end(Some(d(2026, 9, 1)), today, 30),
            Status::Current {
                until: d(2026, 9, 1)
            }
        );
        assert!(Status::ToRenew { until: today }.is_member());
    }
}
