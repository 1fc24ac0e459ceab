//! The member lists: a page of one view (current, to renew, lapsed) in one query, and the
//! number of people in each view.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::DbConn;
use crate::error::Result;
use crate::members::names;

// ---------------------------------------------------------------------------------------------
// The member lists

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Members today (including those to renew).
    #[default]
    Current,
    /// Members whose membership ends within the first reminder.
    Renew,
    /// Former members with nothing newer.
    Lapsed,
}

impl View {
    pub const ALL: [View; 3] = [View::Current, View::Renew, View::Lapsed];

    pub fn as_str(self) -> &'static str {
        match self {
            View::Current => "current",
            View::Renew => "renew",
            View::Lapsed => "lapsed",
        }
    }

    pub fn parse(text: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// The range of latest end dates that the view shows.
    fn ends_between(self, today: NaiveDate, renew_window: u32) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
        match self {
            View::Current => (today, last),
            View::Renew => (today, today + Days::new(renew_window.into())),
            View::Lapsed => (first, today.pred_opt().unwrap_or(today)),
        }
    }
}

/// Which members to list.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub view: View,
    /// Part of a name, compared once folded (accents, case): every word must be found.
    pub search: String,
    pub today: NaiveDate,
    pub renew_window: u32,
    pub offset: i64,
    pub limit: i64,
}

/// One member in a list: the person and the membership that gives their latest end.
#[derive(Debug, Clone, QueryableByName)]
pub struct MemberRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub contact_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub first_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub last_name: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub email: Option<String>,
    /// The last day covered.
    #[diesel(sql_type = diesel::sql_types::Date)]
    pub until: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub membership_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub category: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub amount_cents: i64,
}

/// A page of a member list, sorted by name, in one query whatever the number of people.
///
/// The query walks the contacts in name order (the `contacts_sort` index) and, for each, finds
/// the latest end of the memberships covering them with two index lookups (paid, and covered
/// by a family membership); it stops once the page is full. Only the rows of the page then
/// look up the membership that gives that end, for its category and amount. On a list of
/// 10,000 people this reads the few hundred rows a page needs, never the whole table.
///
/// Parameters are numbered in the order they first appear, so that SQLite, which reads `$n`
/// as names numbered by appearance, binds them as PostgreSQL does.
pub fn list(conn: &mut DbConn, q: &ListQuery) -> Result<Vec<MemberRow>> {
    use diesel::sql_types::{BigInt, Date, Text};
    let (from, to) = q.view.ends_between(q.today, q.renew_window);
    let [w1, w2, w3] = search_patterns(&q.search);
    let sql = "SELECT s.contact_id AS contact_id, s.first_name AS first_name, \
             s.last_name AS last_name, s.email AS email, s.until AS until, \
             s.mid AS membership_id, \
             (SELECT k.name FROM memberships m JOIN membership_categories k ON k.id = m.category_id \
                 WHERE m.id = s.mid) AS category, \
             (SELECT m.amount_cents FROM memberships m WHERE m.id = s.mid) AS amount_cents \
         FROM ( \
             SELECT u.*, COALESCE( \
                 (SELECT x.id FROM memberships x \
                     WHERE x.contact_id = u.contact_id AND x.ends_on = u.until \
                     ORDER BY x.id DESC LIMIT 1), \
                 (SELECT f.id FROM membership_people p JOIN memberships f ON f.id = p.membership_id \
                     WHERE p.contact_id = u.contact_id AND f.ends_on = u.until \
                     ORDER BY f.id DESC LIMIT 1)) AS mid \
             FROM ( \
                 SELECT c.id AS contact_id, c.first_name AS first_name, c.last_name AS last_name, \
                     c.email AS email, \
                     (SELECT MAX(z.e) FROM ( \
                         SELECT m.ends_on AS e FROM memberships m WHERE m.contact_id = c.id \
                         UNION ALL \
                         SELECT f.ends_on FROM membership_people p \
                             JOIN memberships f ON f.id = p.membership_id WHERE p.contact_id = c.id \
                     ) z) AS until \
                 FROM contacts c \
                 WHERE c.anonymized_at IS NULL \
                     AND c.name_key LIKE $1 AND c.name_key LIKE $2 AND c.name_key LIKE $3 \
             ) u \
             WHERE u.until >= $4 AND u.until <= $5 \
             ORDER BY u.last_name, u.first_name, u.contact_id \
             LIMIT $6 OFFSET $7 \
         ) s \
         ORDER BY s.last_name, s.first_name, s.contact_id";
    Ok(diesel::sql_query(sql)
        .bind::<Text, _>(w1)
        .bind::<Text, _>(w2)
        .bind::<Text, _>(w3)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<BigInt, _>(q.limit.max(0))
        .bind::<BigInt, _>(q.offset.max(0))
        .load(conn)?)
}

/// How many people each view holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub current: i64,
    pub renew: i64,
    pub lapsed: i64,
}

impl Counts {
    pub fn of(&self, view: View) -> i64 {
        match view {
            View::Current => self.current,
            View::Renew => self.renew,
            View::Lapsed => self.lapsed,
        }
    }
}

#[derive(QueryableByName)]
struct CountsRow {
    /// People with a membership that ends today or later.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    current: i64,
    /// People with a membership that ends after the renewal window.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    later: i64,
    /// People with any membership.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    ever: i64,
}

/// The number of people in each view, in one query: who has a membership ending today or
/// later, after the renewal window, or at all; the views are the differences.
pub fn counts(conn: &mut DbConn, today: NaiveDate, renew_window: u32) -> Result<Counts> {
    use diesel::sql_types::Date;
    let (_, horizon) = View::Renew.ends_between(today, renew_window);
    let sql = "WITH cover AS ( \
             SELECT m.contact_id AS contact_id, m.ends_on AS ends_on FROM memberships m \
             UNION ALL \
             SELECT p.contact_id, f.ends_on FROM membership_people p \
                 JOIN memberships f ON f.id = p.membership_id) \
         SELECT COUNT(DISTINCT CASE WHEN ends_on >= $1 THEN contact_id END) AS current, \
             COUNT(DISTINCT CASE WHEN ends_on > $2 THEN contact_id END) AS later, \
             COUNT(DISTINCT contact_id) AS ever \
         FROM cover \
         WHERE contact_id NOT IN (SELECT id FROM contacts WHERE anonymized_at IS NOT NULL)";
    let row: CountsRow = diesel::sql_query(sql)
        .bind::<Date, _>(today)
        .bind::<Date, _>(horizon)
        .get_result(conn)?;
    Ok(Counts {
        current: row.current,
        renew: row.current - row.later,
        lapsed: row.ever - row.current,
    })
}

/// Three `LIKE` patterns for the words of a search: `%word%`, or `%` when there are fewer
/// words (words past the third join the third, in order).
pub(super) fn search_patterns(search: &str) -> [String; 3] {
    let folded = names::fold(search);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut patterns = [String::from("%"), String::from("%"), String::from("%")];
    for (n, word) in words.iter().enumerate() {
        let slot = n.min(2);
        patterns[slot].push_str(word);
        patterns[slot].push('%');
    }
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_search_becomes_up_to_three_folded_patterns() {
        assert_eq!(search_patterns(""), ["%", "%", "%"]);
        assert_eq!(search_patterns("  Élodie "), ["%elodie%", "%", "%"]);
        assert_eq!(
            search_patterns("DUPONT-Marie de la"),
            ["%dupont%", "%marie%", "%de%la%"]
        );
        // No wildcard survives folding.
        assert_eq!(search_patterns("100%_"), ["%100%", "%", "%"]);
    }

    #[test]
    fn views_cover_the_dates_they_say() {
        let today = d(2026, 8, 1);
        assert_eq!(View::Renew.ends_between(today, 30), (today, d(2026, 8, 31)));
        assert_eq!(View::Lapsed.ends_between(today, 30).1, d(2026, 7, 31));
        assert_eq!(View::Current.ends_between(today, 30).0, today);
    }
}
