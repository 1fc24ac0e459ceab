//! What the GDPR asks of the association: everything held on a person in one file
//! (`export_person`), erasure that keeps the accounting lines the law requires (`anonymize`),
//! the consent log (`consent_log`) and the review of people inactive past the retention
//! period (`retention_review`).
//!
//! Erasure is anonymization: the record stays, without anything that names or reaches the
//! person, so that its memberships (amounts, dates, receipt numbers: 10 years of books) still
//! add up.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{
    consents::{self, Consent},
    contacts::{self, Contact},
    history,
};
use crate::db::{
    DbConn, now,
    schema::{
        campaign_recipients, campaigns, consents as consents_t, contact_field_values,
        contact_fields, contact_log, contact_merges, contact_tags, contacts as contacts_t, events,
        membership_categories, membership_people, memberships, newsletter_lists, registrations,
        subscriptions, tags, users,
    },
    settings,
};
use crate::error::{Error, Result};

/// What an anonymized record and its event registrations hold in place of a name: no word of
/// any language (the pages show "Anonymized"/"Anonymisé" when `anonymized_at` is set).
pub const ANONYMIZED_NAME: &str = "—";
/// The setting that holds the retention period, in months.
pub const RETENTION_SETTING: &str = "retention_months";
pub const DEFAULT_RETENTION_MONTHS: u32 = 36;

// ---------------------------------------------------------------------------------------
// A person's data in one file
// ---------------------------------------------------------------------------------------

/// Everything held on one person.
#[derive(Debug, Serialize)]
pub struct PersonData {
    pub generated_at: NaiveDateTime,
    pub contact: Contact,
    /// Their login account, when one is linked.
    pub account: Option<AccountData>,
    pub custom_fields: Vec<FieldData>,
    pub tags: Vec<TagData>,
    /// Every consent given or withdrawn, oldest first.
    pub consents: Vec<Consent>,
    /// What happened to the record, newest first.
    pub history: Vec<history::Entry>,
    /// Memberships they paid for.
    pub memberships: Vec<MembershipData>,
    /// Family memberships paid by someone else that cover them.
    pub covered_by: Vec<MembershipData>,
    pub subscriptions: Vec<SubscriptionData>,
    /// Registrations to events made with their address.
    pub event_registrations: Vec<RegistrationData>,
    /// Newsletters sent to them.
    pub campaigns: Vec<CampaignData>,
    /// Records merged into this one, as they were.
    pub merged_records: Vec<serde_json::Value>,
}

#[derive(Debug, Serialize, Queryable)]
pub struct AccountData {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Serialize, Queryable)]
pub struct FieldData {
    pub key: String,
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize, Queryable)]
pub struct TagData {
    pub name: String,
    pub kind: super::tags::TagKind,
}

#[derive(Debug, Serialize, Queryable)]
pub struct MembershipData {
    pub id: i64,
    pub category: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub amount_cents: i64,
    pub paid_on: Option<NaiveDate>,
    pub payment_method: super::memberships::PaymentMethod,
    pub receipt_number: Option<String>,
    pub source: super::memberships::Source,
    pub notes: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Serialize, Queryable)]
pub struct SubscriptionData {
    pub list: String,
    pub list_name: String,
    pub status: String,
    pub source: String,
    /// The page the public form was on.
    pub source_url: Option<String>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub unsubscribed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Serialize, Queryable)]
pub struct RegistrationData {
    pub event: String,
    pub event_starts_at: NaiveDateTime,
    pub name: String,
    pub email: Option<String>,
    pub status: String,
    pub channel: String,
    pub message: String,
    pub checked_in: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Serialize, Queryable)]
pub struct CampaignData {
    pub subject: String,
    pub slug: String,
    pub email: String,
    pub status: String,
    pub sent_at: Option<NaiveDateTime>,
}

type MembershipColumns = (
    memberships::id,
    membership_categories::name,
    memberships::starts_on,
    memberships::ends_on,
    memberships::amount_cents,
    memberships::paid_on,
    memberships::payment_method,
    memberships::receipt_number,
    memberships::source,
    memberships::notes,
    memberships::created_at,
);

const MEMBERSHIP_COLUMNS: MembershipColumns = (
    memberships::id,
    membership_categories::name,
    memberships::starts_on,
    memberships::ends_on,
    memberships::amount_cents,
    memberships::paid_on,
    memberships::payment_method,
    memberships::receipt_number,
    memberships::source,
    memberships::notes,
    memberships::created_at,
);

/// Everything held on a person, for them to take away (the GDPR's access and portability).
pub fn export_person(conn: &mut DbConn, id: i64) -> Result<PersonData> {
    let contact = contacts::find(conn, id)?;
    let account = match contact.user_id {
        Some(user_id) => users::table
            .find(user_id)
            .select((
                users::email,
                users::display_name,
                users::role,
                users::created_at,
            ))
            .first(conn)
            .optional()?,
        None => None,
    };
    let custom_fields = contact_field_values::table
        .inner_join(contact_fields::table)
        .filter(contact_field_values::contact_id.eq(id))
        .order(contact_fields::position.asc())
        .select((
            contact_fields::key,
            contact_fields::label,
            contact_field_values::value,
        ))
        .load(conn)?;
    let tags = contact_tags::table
        .inner_join(tags::table)
        .filter(contact_tags::contact_id.eq(id))
        .order(tags::name.asc())
        .select((tags::name, tags::kind))
        .load(conn)?;
    let memberships = memberships::table
        .inner_join(membership_categories::table)
        .filter(memberships::contact_id.eq(id))
        .order(memberships::starts_on.asc())
        .select(MEMBERSHIP_COLUMNS)
        .load(conn)?;
    let covering: Vec<i64> = membership_people::table
        .filter(membership_people::contact_id.eq(id))
        .select(membership_people::membership_id)
        .load(conn)?;
    let covered_by = memberships::table
        .inner_join(membership_categories::table)
        .filter(memberships::id.eq_any(&covering))
        .order(memberships::starts_on.asc())
        .select(MEMBERSHIP_COLUMNS)
        .load(conn)?;
    let subscriptions = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::contact_id.eq(id))
        .order(subscriptions::created_at.asc())
        .select((
            newsletter_lists::slug,
            newsletter_lists::name,
            subscriptions::status,
            subscriptions::source,
            subscriptions::source_url,
            subscriptions::created_at,
            subscriptions::confirmed_at,
            subscriptions::unsubscribed_at,
        ))
        .load(conn)?;
    let addresses = addresses_of(&contact);
    let event_registrations = if addresses.is_empty() {
        Vec::new()
    } else {
        registrations::table
            .inner_join(events::table)
            .filter(registrations::email.eq_any(&addresses))
            .order(events::starts_at.asc())
            .select((
                events::title,
                events::starts_at,
                registrations::name,
                registrations::email,
                registrations::status,
                registrations::channel,
                registrations::message,
                registrations::checked_in,
                registrations::created_at,
            ))
            .load(conn)?
    };
    let campaigns = campaign_recipients::table
        .inner_join(campaigns::table)
        .filter(
            campaign_recipients::contact_id
                .eq(id)
                .or(campaign_recipients::email.eq_any(&addresses)),
        )
        .order(campaign_recipients::id.asc())
        .select((
            campaigns::subject,
            campaigns::slug,
            campaign_recipients::email,
            campaign_recipients::status,
            campaign_recipients::sent_at,
        ))
        .load(conn)?;
    let merged_records = contact_merges::table
        .filter(contact_merges::kept_id.eq(id))
        .order(contact_merges::merged_at.asc())
        .select(contact_merges::merged_data)
        .load::<String>(conn)?
        .into_iter()
        .map(|data| serde_json::from_str(&data).unwrap_or(serde_json::Value::String(data)))
        .collect();
    Ok(PersonData {
        generated_at: now(),
        consents: consents::log(conn, id)?,
        history: history::list(conn, id)?,
        contact,
        account,
        custom_fields,
        tags,
        memberships,
        covered_by,
        subscriptions,
        event_registrations,
        campaigns,
        merged_records,
    })
}

/// The person's addresses as typed and as matched (registrations keep the lower-cased form).
fn addresses_of(contact: &Contact) -> Vec<String> {
    let mut list: Vec<String> = [contact.email.clone(), contact.email_key.clone()]
        .into_iter()
        .flatten()
        .collect();
    list.dedup();
    list
}

/// Notes in the person's history that their data was exported (by whom).
pub fn record_export(conn: &mut DbConn, id: i64, by: Option<i64>) -> Result<()> {
    history::record(conn, id, by, history::Action::Exported, "")
}

// ---------------------------------------------------------------------------------------
// Erasure
// ---------------------------------------------------------------------------------------

/// Erases a person, in one transaction: their record keeps no name, address, phone, birth
/// date, notes or account; their custom fields, tags, subscriptions and merged records go;
/// campaign recipients and event registrations made with their address lose it; their
/// history keeps its dates and actions only; their consents keep kind, answer and date.
/// Their memberships stay, with amounts, dates and receipt numbers (the books must keep them
/// ten years), attached to the anonymized record. Anonymizing twice changes nothing.
pub fn anonymize(conn: &mut DbConn, id: i64, by: Option<i64>) -> Result<()> {
    crate::db::transaction(conn, |c| {
        let contact = contacts::find(c, id)?;
        if contact.anonymized_at.is_some() {
            return Ok(());
        }
        let addresses = addresses_of(&contact);
        let at = now();
        diesel::update(contacts_t::table.find(id))
            .set((
                contacts_t::first_name.eq(""),
                contacts_t::last_name.eq(ANONYMIZED_NAME),
                contacts_t::email.eq(None::<String>),
                contacts_t::email_key.eq(None::<String>),
                contacts_t::phone.eq(""),
                contacts_t::address.eq(""),
                contacts_t::postal_code.eq(""),
                contacts_t::city.eq(""),
                contacts_t::country.eq(""),
                contacts_t::birth_date.eq(None::<NaiveDate>),
                contacts_t::notes.eq(""),
                contacts_t::name_key.eq(""),
                contacts_t::user_id.eq(None::<i64>),
                contacts_t::email_bounced_at.eq(None::<NaiveDateTime>),
                contacts_t::bounce_reason.eq(None::<String>),
                contacts_t::anonymized_at.eq(Some(at)),
                contacts_t::updated_at.eq(at),
            ))
            .execute(c)?;
        diesel::delete(contact_field_values::table.filter(contact_field_values::contact_id.eq(id)))
            .execute(c)?;
        diesel::delete(contact_tags::table.filter(contact_tags::contact_id.eq(id))).execute(c)?;
        diesel::delete(subscriptions::table.filter(subscriptions::contact_id.eq(id))).execute(c)?;
        diesel::delete(contact_merges::table.filter(contact_merges::kept_id.eq(id))).execute(c)?;
        // Newsletters sent: the counts stay, the address goes.
        let sent: Vec<i64> = campaign_recipients::table
            .filter(
                campaign_recipients::contact_id
                    .eq(id)
                    .or(campaign_recipients::email.eq_any(&addresses)),
            )
            .select(campaign_recipients::id)
            .load(c)?;
        for row in sent {
            diesel::update(campaign_recipients::table.find(row))
                .set((
                    campaign_recipients::email.eq(format!("erased-{row}")),
                    campaign_recipients::contact_id.eq(None::<i64>),
                    campaign_recipients::error.eq(None::<String>),
                ))
                .execute(c)?;
        }
        // Event registrations: the seat counts stay, the person goes.
        if !addresses.is_empty() {
            let registered: Vec<i64> = registrations::table
                .filter(registrations::email.eq_any(&addresses))
                .select(registrations::id)
                .load(c)?;
            for row in registered {
                diesel::update(registrations::table.find(row))
                    .set((
                        registrations::name.eq(ANONYMIZED_NAME),
                        registrations::email.eq(None::<String>),
                        registrations::attendee_key.eq(format!("erased-{row}")),
                        registrations::message.eq(""),
                        registrations::updated_at.eq(at),
                    ))
                    .execute(c)?;
            }
        }
        diesel::update(contact_log::table.filter(contact_log::contact_id.eq(id)))
            .set(contact_log::detail.eq(""))
            .execute(c)?;
        diesel::update(consents_t::table.filter(consents_t::contact_id.eq(id)))
            .set(consents_t::source.eq(""))
            .execute(c)?;
        history::record(c, id, by, history::Action::Anonymized, "")
    })
}

// ---------------------------------------------------------------------------------------
// Retention review
// ---------------------------------------------------------------------------------------

/// How long a person may stay without a sign of life before the review lists them.
pub fn retention_months(conn: &mut DbConn) -> Result<u32> {
    Ok(settings::get(conn, RETENTION_SETTING)?
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|m| (1..=240).contains(m))
        .unwrap_or(DEFAULT_RETENTION_MONTHS))
}

/// Sets the retention period: 1 to 240 months.
pub fn set_retention_months(conn: &mut DbConn, months: &str) -> Result<u32> {
    let months = months
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=240).contains(m))
        .ok_or_else(|| Error::invalid("months", "privacy_months_invalid"))?;
    settings::set(conn, RETENTION_SETTING, &months.to_string())?;
    Ok(months)
}

/// People to review: no sign of life for `retention_months`, not anonymized, and no
/// membership (their own or a family's) running on `today`. Oldest activity first.
pub fn retention_review(conn: &mut DbConn, today: NaiveDate) -> Result<(u32, Vec<Contact>)> {
    let months = retention_months(conn)?;
    let cutoff = now()
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or_else(now);
    let members = super::memberships::current_member_contacts(conn, today)?;
    let stale: Vec<Contact> = contacts_t::table
        .filter(contacts_t::last_activity_at.lt(cutoff))
        .filter(contacts_t::anonymized_at.is_null())
        .order((contacts_t::last_activity_at.asc(), contacts_t::id.asc()))
        .select(Contact::as_select())
        .load(conn)?;
    Ok((
        months,
        stale
            .into_iter()
            .filter(|c| !members.contains(&c.id))
            .collect(),
    ))
}

/// Anonymizes several people together: all or none.
pub fn anonymize_many(conn: &mut DbConn, ids: &[i64], by: Option<i64>) -> Result<usize> {
    crate::db::transaction(conn, |c| {
        for id in ids {
            anonymize(c, *id, by)?;
        }
        Ok(ids.len())
    })
}

// ---------------------------------------------------------------------------------------
// The consent log
// ---------------------------------------------------------------------------------------

/// A consent line with the person's name.
#[derive(Debug, Clone)]
pub struct ConsentLine {
    pub consent: Consent,
    pub contact: Contact,
}

/// The consent log, newest first, `per_page` lines from page `page` (1-based), and the
/// number of lines in all.
pub fn consent_log(conn: &mut DbConn, page: i64, per_page: i64) -> Result<(Vec<ConsentLine>, i64)> {
    let total: i64 = consents_t::table.count().get_result(conn)?;
    let offset = (page.max(1) - 1) * per_page;
    let rows: Vec<(Consent, Contact)> = consents_t::table
        .inner_join(contacts_t::table)
        .order((consents_t::recorded_at.desc(), consents_t::id.desc()))
        .limit(per_page)
        .offset(offset)
        .select((Consent::as_select(), Contact::as_select()))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|(consent, contact)| ConsentLine { consent, contact })
            .collect(),
        total,
    ))
}

/// The whole consent log, newest first (for the CSV download).
pub fn consent_log_all(conn: &mut DbConn) -> Result<Vec<ConsentLine>> {
    Ok(consent_log(conn, 1, i64::MAX / 2)?.0)
}
