//! What the contact and member exports hold: the rows, read in a few queries for the whole
//! base. The web face writes them as CSV (`web::spreadsheet`) with headers in the reader's
//! language.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use super::{
    consents,
    contacts::{self, Contact, Filter},
    fields::{self, Field},
    memberships::View,
    period,
};
use crate::db::{
    DbConn,
    schema::{
        consents as consents_t, contact_field_values, contact_tags, contacts as contacts_t,
        membership_categories, membership_people, memberships, tags,
    },
};
use crate::error::Result;
use crate::members::memberships::PaymentMethod;

/// One person in the contacts export.
#[derive(Debug, Clone)]
pub struct ContactRow {
    pub contact: Contact,
    /// The latest answer for the newsletter and for photos; `None`: never asked.
    pub newsletter: Option<bool>,
    pub photos: Option<bool>,
    pub tags: Vec<String>,
    /// One value per custom field, in the order of `ContactsExport::fields`.
    pub fields: Vec<String>,
}

pub struct ContactsExport {
    pub fields: Vec<Field>,
    pub rows: Vec<ContactRow>,
}

/// Every record that is not anonymized, sorted by name; `q` and `tag` (an id or a name)
/// narrow it as the contacts list does.
pub fn contacts(conn: &mut DbConn, q: &str, tag: &str) -> Result<ContactsExport> {
    let tag_id = match tag.trim() {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => Some(
                super::tags::find_by_name(conn, typed)?
                    .map(|t| t.id)
                    // An unknown tag holds nobody.
                    .unwrap_or(-1),
            ),
        },
    };
    let list: Vec<Contact> = if q.trim().is_empty() && tag_id.is_none() {
        contacts_t::table
            .filter(contacts_t::anonymized_at.is_null())
            .order((
                contacts_t::last_name,
                contacts_t::first_name,
                contacts_t::id,
            ))
            .select(Contact::as_select())
            .load(conn)?
    } else {
        let filter = Filter {
            q: q.trim().to_string(),
            tag: tag_id,
            ..Default::default()
        };
        let mut all = Vec::new();
        for page in 1.. {
            let (rows, total) = contacts::search(conn, &filter, page)?;
            let done = rows.is_empty() || page * contacts::PER_PAGE >= total;
            all.extend(rows.into_iter().filter(|c| c.anonymized_at.is_none()));
            if done {
                break;
            }
        }
        all
    };
    let defs = fields::all(conn)?;

    let mut consents_of: HashMap<i64, (Option<bool>, Option<bool>)> = HashMap::new();
    let lines: Vec<(i64, consents::ConsentKind, bool)> = consents_t::table
        .order((consents_t::recorded_at.asc(), consents_t::id.asc()))
        .select((consents_t::contact_id, consents_t::kind, consents_t::given))
        .load(conn)?;
    for (id, kind, given) in lines {
        let slot = consents_of.entry(id).or_default();
        match kind {
            consents::ConsentKind::Newsletter => slot.0 = Some(given),
            consents::ConsentKind::Photos => slot.1 = Some(given),
        }
    }
    let mut tags_of: HashMap<i64, Vec<String>> = HashMap::new();
    let tag_rows: Vec<(i64, String)> = contact_tags::table
        .inner_join(tags::table)
        .order(tags::name.asc())
        .select((contact_tags::contact_id, tags::name))
        .load(conn)?;
    for (id, name) in tag_rows {
        tags_of.entry(id).or_default().push(name);
    }
    let mut values_of: HashMap<(i64, i64), String> = HashMap::new();
    if !defs.is_empty() {
        let values: Vec<(i64, i64, String)> = contact_field_values::table
            .select((
                contact_field_values::contact_id,
                contact_field_values::field_id,
                contact_field_values::value,
            ))
            .load(conn)?;
        for (c, f, v) in values {
            values_of.insert((c, f), v);
        }
    }
    let rows = list
        .into_iter()
        .map(|contact| {
            let (newsletter, photos) = consents_of.get(&contact.id).copied().unwrap_or_default();
            ContactRow {
                newsletter,
                photos,
                tags: tags_of.remove(&contact.id).unwrap_or_default(),
                fields: defs
                    .iter()
                    .map(|f| values_of.remove(&(contact.id, f.id)).unwrap_or_default())
                    .collect(),
                contact,
            }
        })
        .collect();
    Ok(ContactsExport { fields: defs, rows })
}

/// One person in a member list, with the membership that runs the latest.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub contact: Contact,
    pub category: String,
    /// Empty for a person covered by someone else's family membership (the payer's row has it).
    pub amount_cents: Option<i64>,
    pub paid_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub payment_method: PaymentMethod,
    pub receipt_number: Option<String>,
}

type MembershipLine = (
    i64,
    i64,
    String,
    NaiveDate,
    NaiveDate,
    i64,
    Option<NaiveDate>,
    PaymentMethod,
    Option<String>,
);

/// How many days before its end a membership counts as to renew: the earliest reminder
/// (`membership_reminders_before`, 30 when not set).
pub fn renew_days(conn: &mut DbConn) -> Result<u32> {
    let days = period::load(conn)?.renew_window();
    Ok(if days == 0 { 30 } else { days })
}

/// The people of a member view on `today`, by name. Current: a membership (their own or a
/// family's that covers them) ends today or later. Renew: current, and that end comes within
/// `renew_days`. Lapsed: their latest membership ended before today. Anonymized records are
/// left out.
pub fn members(conn: &mut DbConn, view: View, today: NaiveDate) -> Result<Vec<MemberRow>> {
    let window = renew_days(conn)?;
    let lines: Vec<MembershipLine> = memberships::table
        .inner_join(membership_categories::table)
        .select((
            memberships::id,
            memberships::contact_id,
            membership_categories::name,
            memberships::starts_on,
            memberships::ends_on,
            memberships::amount_cents,
            memberships::paid_on,
            memberships::payment_method,
            memberships::receipt_number,
        ))
        .load(conn)?;
    let covered: Vec<(i64, i64)> = membership_people::table
        .select((
            membership_people::membership_id,
            membership_people::contact_id,
        ))
        .load(conn)?;
    let by_id: HashMap<i64, &MembershipLine> = lines.iter().map(|l| (l.0, l)).collect();

    // Each person's latest membership: (line, paid by them).
    let mut latest: HashMap<i64, (&MembershipLine, bool)> = HashMap::new();
    let candidates = lines.iter().map(|l| (l.1, l, true)).chain(
        covered
            .iter()
            .filter_map(|(m, person)| by_id.get(m).map(|l| (*person, *l, false))),
    );
    for (person, line, own) in candidates {
        let better = match latest.get(&person) {
            None => true,
            Some((best, best_own)) => {
                (line.4, line.3, own, line.0) > (best.4, best.3, *best_own, best.0)
            }
        };
        if better {
            latest.insert(person, (line, own));
        }
    }
    let renew_until = today + Days::new(window.into());
    let chosen: HashMap<i64, (&MembershipLine, bool)> = latest
        .into_iter()
        .filter(|(_, (line, _))| match view {
            View::Current => line.4 >= today,
            View::Renew => line.4 >= today && line.4 <= renew_until,
            View::Lapsed => line.4 < today,
        })
        .collect();
    let ids: Vec<i64> = chosen.keys().copied().collect();
    let mut people: Vec<Contact> = Vec::new();
    for chunk in ids.chunks(500) {
        people.extend(
            contacts_t::table
                .filter(contacts_t::id.eq_any(chunk))
                .filter(contacts_t::anonymized_at.is_null())
                .select(Contact::as_select())
                .load(conn)?,
        );
    }
    people.sort_by(|a, b| {
        (
            a.last_name.to_lowercase(),
            a.first_name.to_lowercase(),
            a.id,
        )
            .cmp(&(
                b.last_name.to_lowercase(),
                b.first_name.to_lowercase(),
                b.id,
            ))
    });
    Ok(people
        .into_iter()
        .filter_map(|contact| {
            let (line, own) = chosen.get(&contact.id)?;
            Some(MemberRow {
                category: line.2.clone(),
                amount_cents: own.then_some(line.5),
                paid_on: line.6,
                starts_on: line.3,
                ends_on: line.4,
                payment_method: line.7,
                receipt_number: line.8.clone(),
                contact,
            })
        })
        .collect())
}

/// Cents as euros with a decimal comma, as French spreadsheets read them: `12,50`.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.abs();
    format!("{sign}{},{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_are_written_with_a_decimal_comma() {
        assert_eq!(super::euros(1250), "12,50");
        assert_eq!(super::euros(5), "0,05");
        assert_eq!(super::euros(0), "0,00");
    }
}
