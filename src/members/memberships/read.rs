//! Reading memberships: one, a page of them, the people a family membership covers, a
//! person's history, and the people a family membership could cover.

use diesel::prelude::*;

use super::Membership;
use super::lists::search_patterns;
use crate::db::{
    DbConn,
    schema::{contacts as contacts_t, membership_categories, membership_people, memberships},
};
use crate::error::{Error, Result};
use crate::members::categories::CategoryKind;
use crate::members::contacts::{self, Contact};

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
#[derive(Debug, Clone)]
pub struct Line {
    pub membership: Membership,
    pub category: String,
    pub category_kind: CategoryKind,
    /// When the person is covered by someone else's family membership: who paid.
    pub covered_by: Option<Person>,
    /// For a family membership this person paid: the others it covers.
    pub people: Vec<Person>,
}

#[derive(Debug, Clone)]
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
    let rows: Vec<(Membership, String, CategoryKind)> = memberships::table
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
