//! Duplicates: records that are likely one person (the same address, or the same name once
//! accents, case and spaces are folded), and merging two of them into one without losing any
//! of their history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::contacts::{self, Contact};
use super::{fields, history, names, tags};
use crate::db::{
    DbConn, TextEnum, now,
    schema::{
        campaign_recipients, consents, contact_field_values, contact_log, contact_merges,
        contact_tags, contacts as contacts_t, membership_people, memberships, subscriptions,
    },
};
use crate::error::{Error, Result};
use crate::newsletter::lists::SubscriptionStatus;

/// Why records are shown together. Never stored: a group is found again on each reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The same address.
    SameEmail,
    /// The same name once accents, case and spaces are folded.
    SameName,
}

impl TextEnum for Reason {
    const ALL: &'static [Self] = &[Reason::SameEmail, Reason::SameName];

    fn as_str(self) -> &'static str {
        match self {
            Reason::SameEmail => "email",
            Reason::SameName => "name",
        }
    }
}

/// Records that look like one person.
#[derive(Debug, Clone)]
pub struct Group {
    pub reason: Reason,
    /// The address, or the folded name, they share.
    pub key: String,
    /// Oldest first.
    pub contacts: Vec<Contact>,
}

/// Every group of two or more records (not anonymized) that share an address or a folded name.
/// A group of the same name whose records are already together in a group of the same address
/// is not shown twice.
pub fn groups(conn: &mut DbConn) -> Result<Vec<Group>> {
    use diesel::dsl::count_star;
    let email_keys: Vec<Option<String>> = contacts_t::table
        .filter(contacts_t::email_key.is_not_null())
        .filter(contacts_t::anonymized_at.is_null())
        .group_by(contacts_t::email_key)
        .having(count_star().gt(1))
        .select(contacts_t::email_key)
        .load(conn)?;
    let email_keys: Vec<String> = email_keys.into_iter().flatten().collect();
    let name_keys: Vec<String> = contacts_t::table
        .filter(contacts_t::name_key.ne(""))
        .filter(contacts_t::anonymized_at.is_null())
        .group_by(contacts_t::name_key)
        .having(count_star().gt(1))
        .select(contacts_t::name_key)
        .load(conn)?;

    let mut out: Vec<Group> = Vec::new();
    let by_email: Vec<Contact> = contacts_t::table
        .filter(contacts_t::email_key.eq_any(&email_keys))
        .filter(contacts_t::anonymized_at.is_null())
        .order((contacts_t::email_key, contacts_t::id))
        .select(Contact::as_select())
        .load(conn)?;
    for c in by_email {
        let key = c.email_key.clone().unwrap_or_default();
        push(&mut out, Reason::SameEmail, key, c);
    }
    let by_name: Vec<Contact> = contacts_t::table
        .filter(contacts_t::name_key.eq_any(&name_keys))
        .filter(contacts_t::anonymized_at.is_null())
        .order((contacts_t::name_key, contacts_t::id))
        .select(Contact::as_select())
        .load(conn)?;
    let mut name_groups: Vec<Group> = Vec::new();
    for c in by_name {
        let key = c.name_key.clone();
        push(&mut name_groups, Reason::SameName, key, c);
    }
    for group in name_groups {
        let ids: Vec<i64> = group.contacts.iter().map(|c| c.id).collect();
        let already = out
            .iter()
            .any(|g| ids.iter().all(|id| g.contacts.iter().any(|c| c.id == *id)));
        if !already {
            out.push(group);
        }
    }
    Ok(out)
}

fn push(groups: &mut Vec<Group>, reason: Reason, key: String, contact: Contact) {
    match groups.last_mut() {
        Some(g) if g.key == key => g.contacts.push(contact),
        _ => groups.push(Group {
            reason,
            key,
            contacts: vec![contact],
        }),
    }
}

/// What `contact_merges.merged_data` keeps of the removed record.
#[derive(Serialize)]
struct Snapshot<'a> {
    contact: &'a Contact,
    email_key: &'a Option<String>,
    fields: Vec<fields::FieldValue>,
    tags: Vec<String>,
}

/// Merges `other_id` into `kept_id` in one transaction and removes `other_id`: its memberships,
/// the families it belongs to, consents, history, tags, custom fields, newsletter
/// subscriptions, campaign mails and login account go to the kept record; the kept record's
/// empty details are filled from it and the notes are joined. What the removed record held is
/// kept as JSON in `contact_merges`.
pub fn merge(conn: &mut DbConn, kept_id: i64, other_id: i64, by: Option<i64>) -> Result<Contact> {
    if kept_id == other_id {
        return Err(Error::invalid("other_id", "contact_merge_same"));
    }
    crate::db::transaction(conn, |c| {
        let kept = contacts::editable(c, kept_id)?;
        let other = contacts::editable(c, other_id)?;
        let snapshot = Snapshot {
            contact: &other,
            email_key: &other.email_key,
            fields: fields::values_of(c, other_id)?,
            tags: tags::of_contact(c, other_id)?
                .into_iter()
                .map(|t| t.name)
                .collect(),
        };
        let merged_data = serde_json::to_string(&snapshot).map_err(Error::internal)?;

        move_memberships(c, kept_id, other_id)?;
        diesel::update(consents::table.filter(consents::contact_id.eq(other_id)))
            .set(consents::contact_id.eq(kept_id))
            .execute(c)?;
        diesel::update(contact_log::table.filter(contact_log::contact_id.eq(other_id)))
            .set(contact_log::contact_id.eq(kept_id))
            .execute(c)?;
        // Earlier merges into the removed record would go with it (ON DELETE CASCADE).
        diesel::update(contact_merges::table.filter(contact_merges::kept_id.eq(other_id)))
            .set(contact_merges::kept_id.eq(kept_id))
            .execute(c)?;
        move_tags(c, kept_id, other_id)?;
        move_field_values(c, kept_id, other_id)?;
        move_subscriptions(c, kept_id, other_id)?;
        diesel::update(
            campaign_recipients::table.filter(campaign_recipients::contact_id.eq(other_id)),
        )
        .set(campaign_recipients::contact_id.eq(kept_id))
        .execute(c)?;

        if kept.user_id.is_none() && other.user_id.is_some() {
            // The account is unique to one record: free it first.
            diesel::update(contacts_t::table.find(other_id))
                .set(contacts_t::user_id.eq(None::<i64>))
                .execute(c)?;
            diesel::update(contacts_t::table.find(kept_id))
                .set(contacts_t::user_id.eq(other.user_id))
                .execute(c)?;
        }
        fill_details(c, &kept, &other)?;

        diesel::insert_into(contact_merges::table)
            .values((
                contact_merges::kept_id.eq(kept_id),
                contact_merges::merged_id.eq(other_id),
                contact_merges::merged_data.eq(merged_data),
                contact_merges::merged_by.eq(by),
                contact_merges::merged_at.eq(now()),
            ))
            .execute(c)?;
        let detail = format!("#{other_id} {}", other.display_name());
        history::record(c, kept_id, by, history::Action::Merged, detail.trim())?;
        diesel::delete(contacts_t::table.find(other_id)).execute(c)?;
        contacts::find(c, kept_id)
    })
}

/// Memberships paid by the removed record, and the families it was part of.
fn move_memberships(c: &mut DbConn, kept_id: i64, other_id: i64) -> Result<()> {
    diesel::update(memberships::table.filter(memberships::contact_id.eq(other_id)))
        .set(memberships::contact_id.eq(kept_id))
        .execute(c)?;
    let kept_in: Vec<i64> = membership_people::table
        .filter(membership_people::contact_id.eq(kept_id))
        .select(membership_people::membership_id)
        .load(c)?;
    diesel::delete(
        membership_people::table
            .filter(membership_people::contact_id.eq(other_id))
            .filter(membership_people::membership_id.eq_any(&kept_in)),
    )
    .execute(c)?;
    diesel::update(membership_people::table.filter(membership_people::contact_id.eq(other_id)))
        .set(membership_people::contact_id.eq(kept_id))
        .execute(c)?;
    Ok(())
}

/// Both records' tags and groups.
fn move_tags(c: &mut DbConn, kept_id: i64, other_id: i64) -> Result<()> {
    let kept_tags: Vec<i64> = contact_tags::table
        .filter(contact_tags::contact_id.eq(kept_id))
        .select(contact_tags::tag_id)
        .load(c)?;
    diesel::delete(
        contact_tags::table
            .filter(contact_tags::contact_id.eq(other_id))
            .filter(contact_tags::tag_id.eq_any(&kept_tags)),
    )
    .execute(c)?;
    diesel::update(contact_tags::table.filter(contact_tags::contact_id.eq(other_id)))
        .set(contact_tags::contact_id.eq(kept_id))
        .execute(c)?;
    Ok(())
}

/// The kept record's values stay; the fields it has no value for take the other's.
fn move_field_values(c: &mut DbConn, kept_id: i64, other_id: i64) -> Result<()> {
    let kept_fields: Vec<i64> = contact_field_values::table
        .filter(contact_field_values::contact_id.eq(kept_id))
        .select(contact_field_values::field_id)
        .load(c)?;
    diesel::delete(
        contact_field_values::table
            .filter(contact_field_values::contact_id.eq(other_id))
            .filter(contact_field_values::field_id.eq_any(&kept_fields)),
    )
    .execute(c)?;
    diesel::update(
        contact_field_values::table.filter(contact_field_values::contact_id.eq(other_id)),
    )
    .set(contact_field_values::contact_id.eq(kept_id))
    .execute(c)?;
    Ok(())
}

#[derive(Queryable)]
struct SubRow {
    id: i64,
    list_id: i64,
    status: SubscriptionStatus,
    unsubscribed_at: Option<NaiveDateTime>,
    unsubscribed_campaign_id: Option<i64>,
}

fn subs_of(c: &mut DbConn, contact_id: i64) -> Result<Vec<SubRow>> {
    Ok(subscriptions::table
        .filter(subscriptions::contact_id.eq(contact_id))
        .select((
            subscriptions::id,
            subscriptions::list_id,
            subscriptions::status,
            subscriptions::unsubscribed_at,
            subscriptions::unsubscribed_campaign_id,
        ))
        .load(c)?)
}

/// Newsletter subscriptions. On a list only one had, it moves. On a list both had, the kept
/// record's stays, unless the other's is confirmed and the kept one's only pending; and an
/// unsubscription on either side always wins: nobody who left a list is put back on it.
fn move_subscriptions(c: &mut DbConn, kept_id: i64, other_id: i64) -> Result<()> {
    let kept_subs = subs_of(c, kept_id)?;
    for o in subs_of(c, other_id)? {
        let Some(k) = kept_subs.iter().find(|k| k.list_id == o.list_id) else {
            diesel::update(subscriptions::table.find(o.id))
                .set(subscriptions::contact_id.eq(kept_id))
                .execute(c)?;
            continue;
        };
        if k.status == SubscriptionStatus::Unsubscribed {
            drop_subscription(c, o.id, k.id)?;
        } else if o.status == SubscriptionStatus::Unsubscribed {
            diesel::update(subscriptions::table.find(k.id))
                .set((
                    subscriptions::status.eq(SubscriptionStatus::Unsubscribed),
                    subscriptions::unsubscribed_at.eq(o.unsubscribed_at.or(Some(now()))),
                    subscriptions::unsubscribed_campaign_id.eq(o.unsubscribed_campaign_id),
                    subscriptions::confirm_hash.eq(None::<String>),
                    subscriptions::confirm_expires_at.eq(None::<NaiveDateTime>),
                ))
                .execute(c)?;
            drop_subscription(c, o.id, k.id)?;
        } else if o.status == SubscriptionStatus::Confirmed
            && k.status == SubscriptionStatus::Pending
        {
            drop_subscription(c, k.id, o.id)?;
            diesel::update(subscriptions::table.find(o.id))
                .set(subscriptions::contact_id.eq(kept_id))
                .execute(c)?;
        } else {
            drop_subscription(c, o.id, k.id)?;
        }
    }
    Ok(())
}

/// Removes a subscription that another one of the same person replaces; the campaign mails
/// sent through it point to the one that stays.
fn drop_subscription(c: &mut DbConn, gone: i64, stays: i64) -> Result<()> {
    diesel::update(
        campaign_recipients::table.filter(campaign_recipients::subscription_id.eq(gone)),
    )
    .set(campaign_recipients::subscription_id.eq(stays))
    .execute(c)?;
    diesel::delete(subscriptions::table.find(gone)).execute(c)?;
    Ok(())
}

/// The kept record's empty details take the other's; the notes are joined.
fn fill_details(c: &mut DbConn, kept: &Contact, other: &Contact) -> Result<()> {
    fn pick(kept: &str, other: &str) -> String {
        if kept.trim().is_empty() {
            other.trim().to_string()
        } else {
            kept.to_string()
        }
    }
    let first_name = pick(&kept.first_name, &other.first_name);
    let last_name = pick(&kept.last_name, &other.last_name);
    let notes = match (kept.notes.trim(), other.notes.trim()) {
        (k, "") => k.to_string(),
        ("", o) => o.to_string(),
        (k, o) if k == o => k.to_string(),
        (k, o) => format!("{k}\n\n{o}"),
    };
    let (email, email_key, bounced_at, bounce_reason) = if kept.email_key.is_some() {
        (
            kept.email.clone(),
            kept.email_key.clone(),
            kept.email_bounced_at,
            kept.bounce_reason.clone(),
        )
    } else {
        (
            other.email.clone(),
            other.email_key.clone(),
            other.email_bounced_at,
            other.bounce_reason.clone(),
        )
    };
    let birth_date: Option<NaiveDate> = kept.birth_date.or(other.birth_date);
    // An address is taken whole, never a street from one and a town from the other.
    let kept_has_address = [&kept.address, &kept.postal_code, &kept.city]
        .iter()
        .any(|p| !p.trim().is_empty());
    let place = if kept_has_address { kept } else { other };
    diesel::update(contacts_t::table.find(kept.id))
        .set((
            contacts_t::name_key.eq(names::name_key(&first_name, &last_name)),
            contacts_t::first_name.eq(first_name),
            contacts_t::last_name.eq(last_name),
            contacts_t::email.eq(email),
            contacts_t::email_key.eq(email_key),
            contacts_t::email_bounced_at.eq(bounced_at),
            contacts_t::bounce_reason.eq(bounce_reason),
            contacts_t::phone.eq(pick(&kept.phone, &other.phone)),
            contacts_t::address.eq(&place.address),
            contacts_t::postal_code.eq(&place.postal_code),
            contacts_t::city.eq(&place.city),
            contacts_t::country.eq(pick(&place.country, &kept.country)),
            contacts_t::birth_date.eq(birth_date),
            contacts_t::notes.eq(notes),
            contacts_t::created_at.eq(kept.created_at.min(other.created_at)),
            contacts_t::last_activity_at.eq(kept.last_activity_at.max(other.last_activity_at)),
            contacts_t::updated_at.eq(now()),
        ))
        .execute(c)?;
    Ok(())
}

/// What a record holds besides its details, for the merge page and the API.
#[derive(Debug, Clone, Serialize)]
pub struct Holdings {
    pub memberships: i64,
    pub consent_lines: i64,
    pub history_lines: i64,
    pub tags: Vec<String>,
    /// "Label: value".
    pub fields: Vec<String>,
    /// (list name, status).
    pub subscriptions: Vec<(String, String)>,
}

pub fn holdings(conn: &mut DbConn, id: i64) -> Result<Holdings> {
    Ok(Holdings {
        memberships: memberships::table
            .filter(memberships::contact_id.eq(id))
            .count()
            .get_result(conn)?,
        consent_lines: consents::table
            .filter(consents::contact_id.eq(id))
            .count()
            .get_result(conn)?,
        history_lines: contact_log::table
            .filter(contact_log::contact_id.eq(id))
            .count()
            .get_result(conn)?,
        tags: tags::of_contact(conn, id)?
            .into_iter()
            .map(|t| t.name)
            .collect(),
        fields: fields::values_of(conn, id)?
            .into_iter()
            .map(|v| format!("{}: {}", v.label, v.value))
            .collect(),
        subscriptions: contacts::subscriptions_of(conn, id)?,
    })
}
