//! Memberships: a contact pays for a category (an amount, a date, a payment method, a receipt
//! number when one is issued) and is a member over the period that `period` computes. A family
//! membership also covers other people (`membership_people`), who count as members too.
//!
//! A person's status comes from one date, the latest end of the memberships that cover them:
//! current until that date, to renew when it comes within the first reminder, lapsed after it,
//! never without any. The member lists are one query for the page and one for the counts.

use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::categories::{self, Category, MAX_CENTS};
use super::contacts::{self, Contact};
use super::{history, names, period};
use crate::db::{
    DbConn, now,
    schema::{
        contacts as contacts_t, membership_categories, membership_people, membership_reminders,
        memberships,
    },
};
use crate::error::{Error, FieldError, Result};

/// How a membership was paid (`memberships.payment_method`).
pub mod method {
    pub const CASH: &str = "cash";
    pub const CHEQUE: &str = "cheque";
    pub const TRANSFER: &str = "transfer";
    pub const CARD: &str = "card";
    pub const HELLOASSO: &str = "helloasso";
    pub const OTHER: &str = "other";
    pub const ALL: [&str; 6] = [CASH, CHEQUE, TRANSFER, CARD, HELLOASSO, OTHER];
}

/// Where a membership was recorded (`memberships.source`).
pub mod source {
    pub const DASHBOARD: &str = "dashboard";
    pub const IMPORT: &str = "import";
    pub const HELLOASSO: &str = "helloasso";
    pub const API: &str = "api";
}

/// A family membership covers at most this many other people.
const MAX_PEOPLE: usize = 20;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: i64,
    /// Who paid (for a family, the person who holds the membership).
    pub contact_id: i64,
    pub category_id: i64,
    /// First day covered.
    pub starts_on: NaiveDate,
    /// Last day covered.
    pub ends_on: NaiveDate,
    pub amount_cents: i64,
    pub paid_on: Option<NaiveDate>,
    /// cash, cheque, transfer, card, helloasso, other
    pub payment_method: String,
    pub receipt_number: Option<String>,
    /// dashboard, import, helloasso, api
    pub source: String,
    pub external_ref: Option<String>,
    pub notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A membership as typed in the form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct MembershipInput {
    pub category_id: i64,
    /// In cents. Empty for a fixed or family category: its amount.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    pub paid_on: Option<NaiveDate>,
    /// cash, cheque, transfer, card, helloasso, other
    #[serde(default)]
    pub payment_method: String,
    #[serde(default)]
    pub receipt_number: String,
    #[serde(default)]
    pub notes: String,
    /// For a family category: the other people covered (contact ids).
    #[serde(default)]
    pub people: Vec<i64>,
}

/// What `check` found good enough to write.
struct Checked {
    category: Category,
    amount_cents: i64,
    paid_on: NaiveDate,
    people: Vec<i64>,
}

impl MembershipInput {
    /// Checks every field against the category and the people named; all mistakes at once.
    /// `payer` is the contact who pays; `kept_category` a category an edited membership already
    /// has, allowed even if it is no longer offered.
    fn check(&self, conn: &mut DbConn, payer: i64, kept_category: Option<i64>) -> Result<Checked> {
        let mut errors = Vec::new();
        let mut push = |field, code| errors.push(FieldError { field, code });
        let category = match categories::find(conn, self.category_id) {
            Ok(c) if c.active || kept_category == Some(c.id) => Some(c),
            Ok(_) | Err(Error::NotFound) => {
                push("category_id", "membership_category_invalid");
                None
            }
            Err(e) => return Err(e),
        };
        let amount = match (self.amount_cents, &category) {
            (Some(cents), _) if !(0..=MAX_CENTS).contains(&cents) => {
                push("amount", "membership_amount_invalid");
                None
            }
            (Some(cents), Some(c)) if c.is_free() && cents < c.min_cents.unwrap_or(0) => {
                push("amount", "membership_amount_below_minimum");
                None
            }
            (Some(cents), _) => Some(cents),
            (None, Some(c)) if !c.is_free() && c.amount_cents.is_some() => c.amount_cents,
            (None, Some(_)) => {
                push("amount", "membership_amount_required");
                None
            }
            (None, None) => None,
        };
        let today = now().date();
        let paid_on = match self.paid_on {
            None => {
                push("paid_on", "membership_paid_on_required");
                None
            }
            Some(day) if day > today + Days::new(1) => {
                push("paid_on", "membership_paid_on_future");
                None
            }
            Some(day) if day < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(day) => {
                push("paid_on", "membership_paid_on_invalid");
                None
            }
            Some(day) => Some(day),
        };
        if !method::ALL.contains(&self.payment_method.as_str()) {
            push("payment_method", "membership_payment_method_invalid");
        }
        if self.receipt_number.trim().chars().count() > 50 {
            push("receipt_number", "too_long");
        }
        if self.notes.trim().chars().count() > 10_000 {
            push("notes", "too_long");
        }
        let mut people: Vec<i64> = Vec::new();
        for id in &self.people {
            if !people.contains(id) {
                people.push(*id);
            }
        }
        if !people.is_empty() {
            if category.as_ref().is_some_and(|c| !c.is_family()) {
                push("people", "membership_people_only_family");
            } else if people.len() > MAX_PEOPLE || people.contains(&payer) {
                push("people", "membership_person_invalid");
            } else {
                let found: i64 = contacts_t::table
                    .filter(contacts_t::id.eq_any(&people))
                    .filter(contacts_t::anonymized_at.is_null())
                    .count()
                    .get_result(conn)?;
                if found != people.len() as i64 {
                    push("people", "membership_person_invalid");
                }
            }
        }
        match (category, amount, paid_on) {
            (Some(category), Some(amount_cents), Some(paid_on)) if errors.is_empty() => {
                Ok(Checked {
                    category,
                    amount_cents,
                    paid_on,
                    people,
                })
            }
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// Records a membership paid by `contact_id`: its period follows the settings, and a renewal
/// paid before the current membership ends follows it. `source` says where it was typed (see
/// `source`), `by` who typed it.
pub fn create(
    conn: &mut DbConn,
    contact_id: i64,
    input: &MembershipInput,
    source: &str,
    by: Option<i64>,
) -> Result<Membership> {
    crate::db::transaction(conn, |c| {
        let payer = live_contact(c, contact_id)?;
        let checked = input.check(c, payer.id, None)?;
        let settings = period::load(c)?;
        let current_end = latest_own_end(c, payer.id, None)?;
        let (starts_on, ends_on) = period::for_payment(&settings, checked.paid_on, current_end);
        let at = now();
        let id: i64 = diesel::insert_into(memberships::table)
            .values((
                memberships::contact_id.eq(payer.id),
                memberships::category_id.eq(checked.category.id),
                memberships::starts_on.eq(starts_on),
                memberships::ends_on.eq(ends_on),
                memberships::amount_cents.eq(checked.amount_cents),
                memberships::paid_on.eq(Some(checked.paid_on)),
                memberships::payment_method.eq(&input.payment_method),
                memberships::receipt_number.eq(receipt(input)),
                memberships::source.eq(source),
                memberships::notes.eq(input.notes.trim()),
                memberships::created_at.eq(at),
                memberships::updated_at.eq(at),
            ))
            .returning(memberships::id)
            .get_result(c)?;
        let membership = find(c, id)?;
        set_people(c, &membership, &checked.people, by)?;
        super::reminders::start_soon(c)?;
        contacts::touch(c, payer.id)?;
        let detail = format!("added {}", describe(&membership, &checked.category));
        history::record(c, payer.id, by, history::MEMBERSHIP, &detail)?;
        Ok(membership)
    })
}

/// Saves an edit. The period is computed again from the date paid (following the
/// memberships recorded before this one); reminders go again for a new end date.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    input: &MembershipInput,
    by: Option<i64>,
) -> Result<Membership> {
    crate::db::transaction(conn, |c| {
        let before = find(c, id)?;
        let checked = input.check(c, before.contact_id, Some(before.category_id))?;
        let settings = period::load(c)?;
        let current_end = latest_own_end(c, before.contact_id, Some(id))?;
        let (starts_on, ends_on) = period::for_payment(&settings, checked.paid_on, current_end);
        diesel::update(memberships::table.find(id))
            .set((
                memberships::category_id.eq(checked.category.id),
                memberships::starts_on.eq(starts_on),
                memberships::ends_on.eq(ends_on),
                memberships::amount_cents.eq(checked.amount_cents),
                memberships::paid_on.eq(Some(checked.paid_on)),
                memberships::payment_method.eq(&input.payment_method),
                memberships::receipt_number.eq(receipt(input)),
                memberships::notes.eq(input.notes.trim()),
                memberships::updated_at.eq(now()),
            ))
            .execute(c)?;
        if ends_on != before.ends_on {
            diesel::delete(
                membership_reminders::table.filter(membership_reminders::membership_id.eq(id)),
            )
            .execute(c)?;
        }
        let membership = find(c, id)?;
        set_people(c, &membership, &checked.people, by)?;
        contacts::touch(c, membership.contact_id)?;
        let detail = format!("edited {}", describe(&membership, &checked.category));
        history::record(c, membership.contact_id, by, history::MEMBERSHIP, &detail)?;
        Ok(membership)
    })
}

/// Removes a membership recorded by mistake, with the people it covered and its reminders.
pub fn delete(conn: &mut DbConn, id: i64, by: Option<i64>) -> Result<()> {
    crate::db::transaction(conn, |c| {
        let membership = find(c, id)?;
        let category = categories::find(c, membership.category_id)?;
        diesel::delete(membership_people::table.filter(membership_people::membership_id.eq(id)))
            .execute(c)?;
        diesel::delete(
            membership_reminders::table.filter(membership_reminders::membership_id.eq(id)),
        )
        .execute(c)?;
        diesel::delete(memberships::table.find(id)).execute(c)?;
        let detail = format!("deleted {}", describe(&membership, &category));
        history::record(c, membership.contact_id, by, history::MEMBERSHIP, &detail)
    })
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Membership> {
    memberships::table
        .find(id)
        .select(Membership::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// The people a family membership covers besides its payer, by name.
pub fn people(conn: &mut DbConn, membership_id: i64) -> Result<Vec<Contact>> {
    Ok(membership_people::table
        .inner_join(contacts_t::table)
        .filter(membership_people::membership_id.eq(membership_id))
        .order((contacts_t::last_name.asc(), contacts_t::first_name.asc()))
        .select(Contact::as_select())
        .load(conn)?)
}

/// Every membership, newest first, a page at a time; only those of one payer with `contact`.
pub fn all(
    conn: &mut DbConn,
    contact: Option<i64>,
    offset: i64,
    limit: i64,
) -> Result<Vec<Membership>> {
    let mut query = memberships::table
        .select(Membership::as_select())
        .into_boxed();
    if let Some(contact) = contact {
        query = query.filter(memberships::contact_id.eq(contact));
    }
    Ok(query
        .order((memberships::ends_on.desc(), memberships::id.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)?)
}

/// One line of a person's membership history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Line {
    #[serde(flatten)]
    pub membership: Membership,
    pub category: String,
    pub category_kind: String,
    /// When the person is covered by someone else's family membership: who paid.
    pub covered_by: Option<Person>,
    /// For a family membership this person paid: the others it covers.
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

impl From<&Contact> for Person {
    fn from(c: &Contact) -> Self {
        Person {
            id: c.id,
            name: c.display_name(),
        }
    }
}

/// A person's memberships, the ones they paid and the family ones that cover them, latest
/// end first.
pub fn history_of(conn: &mut DbConn, contact_id: i64) -> Result<Vec<Line>> {
    let covering = membership_people::table
        .filter(membership_people::contact_id.eq(contact_id))
        .select(membership_people::membership_id);
    let rows: Vec<(Membership, String, String)> = memberships::table
        .inner_join(membership_categories::table)
        .filter(
            memberships::contact_id
                .eq(contact_id)
                .or(memberships::id.eq_any(covering)),
        )
        .order((memberships::ends_on.desc(), memberships::id.desc()))
        .select((
            Membership::as_select(),
            membership_categories::name,
            membership_categories::kind,
        ))
        .load(conn)?;
    let mut lines = Vec::with_capacity(rows.len());
    for (membership, category, category_kind) in rows {
        let (covered_by, people) = if membership.contact_id == contact_id {
            let people = people(conn, membership.id)?;
            (None, people.iter().map(Person::from).collect())
        } else {
            let payer = contacts::find(conn, membership.contact_id)?;
            (Some(Person::from(&payer)), Vec::new())
        };
        lines.push(Line {
            membership,
            category,
            category_kind,
            covered_by,
            people,
        });
    }
    Ok(lines)
}

/// Where a person stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
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

/// People a family membership could cover: those whose name holds every word typed, or whose
/// address it is; never `except` (the payer) nor an erased record. At most `limit`.
pub fn find_people(conn: &mut DbConn, text: &str, except: i64, limit: i64) -> Result<Vec<Contact>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = contacts_t::table
        .filter(contacts_t::id.ne(except))
        .filter(contacts_t::anonymized_at.is_null())
        .select(Contact::as_select())
        .into_boxed();
    if text.contains('@') {
        query = query.filter(contacts_t::email_key.eq(text.to_lowercase()));
    } else {
        for pattern in search_patterns(text) {
            query = query.filter(contacts_t::name_key.like(pattern));
        }
    }
    Ok(query
        .order((
            contacts_t::last_name.asc(),
            contacts_t::first_name.asc(),
            contacts_t::id.asc(),
        ))
        .limit(limit)
        .load(conn)?)
}

// ---------------------------------------------------------------------------------------------
// The member lists

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, QueryableByName, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
fn search_patterns(search: &str) -> [String; 3] {
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

// ---------------------------------------------------------------------------------------------
// Helpers

/// The contact, unless erased: an anonymized record takes no new membership.
fn live_contact(conn: &mut DbConn, id: i64) -> Result<Contact> {
    let contact = contacts::find(conn, id)?;
    if contact.anonymized_at.is_some() {
        return Err(Error::Conflict("this record was anonymized".into()));
    }
    Ok(contact)
}

/// The latest end of the memberships this contact paid; with `before`, only those recorded
/// before that one (an edit follows what came before it, not what came after).
fn latest_own_end(
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

/// Replaces the people a membership covers; each one's record notes it.
fn set_people(
    conn: &mut DbConn,
    membership: &Membership,
    people: &[i64],
    by: Option<i64>,
) -> Result<()> {
    let before: Vec<i64> = membership_people::table
        .filter(membership_people::membership_id.eq(membership.id))
        .select(membership_people::contact_id)
        .load(conn)?;
    if before == people {
        return Ok(());
    }
    diesel::delete(
        membership_people::table.filter(membership_people::membership_id.eq(membership.id)),
    )
    .execute(conn)?;
    for person in people {
        diesel::insert_into(membership_people::table)
            .values((
                membership_people::membership_id.eq(membership.id),
                membership_people::contact_id.eq(person),
            ))
            .execute(conn)?;
        if !before.contains(person) {
            contacts::touch(conn, *person)?;
            let detail = format!(
                "covered by #{} of #{}",
                membership.id, membership.contact_id
            );
            history::record(conn, *person, by, history::MEMBERSHIP, &detail)?;
        }
    }
    Ok(())
}

fn receipt(input: &MembershipInput) -> Option<&str> {
    Some(input.receipt_number.trim()).filter(|r| !r.is_empty())
}

/// A membership in a history line: `#12 Normale 2026-09-01..2027-08-31 25.00`.
fn describe(m: &Membership, category: &Category) -> String {
    format!(
        "#{} {} {}..{} {}.{:02}",
        m.id,
        category.name,
        m.starts_on,
        m.ends_on,
        m.amount_cents / 100,
        m.amount_cents % 100
    )
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
