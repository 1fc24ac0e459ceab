//! A membership typed in the form or sent to the API: checked against its category and the
//! people it covers, then recorded, edited or removed, each change noted in the history.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::status::latest_own_end;
use super::{Membership, PaymentMethod, Source, find};
use crate::app::effects::{ChatNotice, Effect, record};
use crate::db::{
    DbConn, TextEnum, now,
    schema::{contacts as contacts_t, membership_people, membership_reminders, memberships},
};
use crate::error::{Error, FieldError, Result};
use crate::members::categories::{self, Category, MAX_CENTS};
use crate::members::contacts::{self, Contact};
use crate::members::{history, period};

/// A family membership covers at most this many other people.
const MAX_PEOPLE: usize = 20;

/// A membership as typed in the form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    payment_method: PaymentMethod,
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
        let payment_method = PaymentMethod::parse(self.payment_method.trim());
        if payment_method.is_none() {
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
        match (category, amount, paid_on, payment_method) {
            (Some(category), Some(amount_cents), Some(paid_on), Some(payment_method))
                if errors.is_empty() =>
            {
                Ok(Checked {
                    category,
                    amount_cents,
                    paid_on,
                    payment_method,
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
    source: Source,
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
                memberships::payment_method.eq(checked.payment_method),
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
        crate::members::reminders::start_soon(c)?;
        contacts::touch(c, payer.id)?;
        let detail = format!("added {}", describe(&membership, &checked.category));
        history::record(c, payer.id, by, history::Action::Membership, &detail)?;
        // The chat hears of a new member or a renewal, whatever way it was recorded.
        record(
            c,
            Effect::Chat(ChatNotice::Membership {
                name: payer.display_name(),
                category: checked.category.name.clone(),
                renewal: current_end.is_some(),
            }),
        )?;
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
                memberships::payment_method.eq(checked.payment_method),
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
        history::record(
            c,
            membership.contact_id,
            by,
            history::Action::Membership,
            &detail,
        )?;
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
        history::record(
            c,
            membership.contact_id,
            by,
            history::Action::Membership,
            &detail,
        )
    })
}

/// The contact, unless erased: an anonymized record takes no new membership.
fn live_contact(conn: &mut DbConn, id: i64) -> Result<Contact> {
    let contact = contacts::find(conn, id)?;
    if contact.anonymized_at.is_some() {
        return Err(Error::conflict("error_record_anonymized"));
    }
    Ok(contact)
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
            history::record(conn, *person, by, history::Action::Membership, &detail)?;
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
