//! The shapes the contacts API sends and reads: a contact, its consents, custom fields and
//! tags, a group of likely duplicates, a page of the list and the bodies a script sends. The
//! domain's rows become these, and these become the domain's inputs, so that a change of a
//! table is not a change of the JSON a script reads.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::app;
use crate::db::TextEnum;
use crate::members::{consents, contacts, duplicates, fields, import, tags};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Contact {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub birth_date: Option<NaiveDate>,
    pub notes: String,
    pub lang: String,
    pub source: String,
    pub user_id: Option<i64>,
    pub email_bounced_at: Option<NaiveDateTime>,
    pub bounce_reason: Option<String>,
    pub last_activity_at: NaiveDateTime,
    pub anonymized_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&contacts::Contact> for Contact {
    fn from(d: &contacts::Contact) -> Self {
        Contact {
            id: d.id,
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            email: d.email.clone(),
            phone: d.phone.clone(),
            address: d.address.clone(),
            postal_code: d.postal_code.clone(),
            city: d.city.clone(),
            country: d.country.clone(),
            birth_date: d.birth_date,
            notes: d.notes.clone(),
            lang: d.lang.clone(),
            source: d.source.as_str().to_string(),
            user_id: d.user_id,
            email_bounced_at: d.email_bounced_at,
            bounce_reason: d.bounce_reason.clone(),
            last_activity_at: d.last_activity_at,
            anonymized_at: d.anonymized_at,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// What a person's record holds, as typed in a form, an import line or a JSON body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ContactInput {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    /// Empty: no address.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    /// `fr` or `en`: the language of the mails this person gets. Empty: French.
    #[serde(default)]
    pub lang: String,
}

impl From<ContactInput> for contacts::ContactInput {
    fn from(i: ContactInput) -> Self {
        contacts::ContactInput {
            first_name: i.first_name,
            last_name: i.last_name,
            email: i.email,
            phone: i.phone,
            address: i.address,
            postal_code: i.postal_code,
            city: i.city,
            country: i.country,
            birth_date: i.birth_date,
            notes: i.notes,
            lang: i.lang,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Consent {
    pub id: i64,
    pub contact_id: i64,
    #[schema(value_type = String)]
    pub kind: consents::ConsentKind,
    pub given: bool,
    pub source: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: NaiveDateTime,
}

impl From<&consents::Consent> for Consent {
    fn from(d: &consents::Consent) -> Self {
        Consent {
            id: d.id,
            contact_id: d.contact_id,
            kind: d.kind,
            given: d.given,
            source: d.source.clone(),
            recorded_by: d.recorded_by,
            recorded_at: d.recorded_at,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Field {
    pub id: i64,
    /// Short name for imports and the API: lower-case letters, digits and `_`.
    pub key: String,
    pub label: String,
    #[schema(value_type = String)]
    pub kind: fields::FieldKind,
    /// For a choice: the choices, one per line.
    pub choices: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

impl From<&fields::Field> for Field {
    fn from(d: &fields::Field) -> Self {
        Field {
            id: d.id,
            key: d.key.clone(),
            label: d.label.clone(),
            kind: d.kind,
            choices: d.choices.clone(),
            position: d.position,
            created_at: d.created_at,
        }
    }
}

/// One filled field of a contact.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldValue {
    pub field_id: i64,
    pub key: String,
    pub label: String,
    #[schema(value_type = String)]
    pub kind: fields::FieldKind,
    pub value: String,
}

impl From<&fields::FieldValue> for FieldValue {
    fn from(d: &fields::FieldValue) -> Self {
        FieldValue {
            field_id: d.field_id,
            key: d.key.clone(),
            label: d.label.clone(),
            kind: d.kind,
            value: d.value.clone(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    #[schema(value_type = String)]
    pub kind: tags::TagKind,
    pub description: String,
    pub created_at: NaiveDateTime,
}

impl From<&tags::Tag> for Tag {
    fn from(d: &tags::Tag) -> Self {
        Tag {
            id: d.id,
            name: d.name.clone(),
            kind: d.kind,
            description: d.description.clone(),
            created_at: d.created_at,
        }
    }
}

/// A tag or group as typed in the form or a JSON body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct TagInput {
    pub name: String,
    /// `tag` (the default) or `group`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
}

impl From<TagInput> for tags::TagInput {
    fn from(i: TagInput) -> Self {
        tags::TagInput {
            name: i.name,
            kind: i.kind,
            description: i.description,
        }
    }
}

/// Records that look like one person.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Group {
    /// `email` (the same address) or `name` (the same folded name).
    pub reason: String,
    /// The address, or the folded name, they share.
    pub key: String,
    /// Oldest first.
    pub contacts: Vec<Contact>,
}

impl From<&duplicates::Group> for Group {
    fn from(d: &duplicates::Group) -> Self {
        Group {
            reason: d.reason.as_str().to_string(),
            key: d.key.clone(),
            contacts: d.contacts.iter().map(Contact::from).collect(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl From<&import::Summary> for Summary {
    fn from(d: &import::Summary) -> Self {
        Summary {
            created: d.created,
            updated: d.updated,
            unchanged: d.unchanged,
        }
    }
}

/// A page of the list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ContactList {
    /// How many contacts match, on every page.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub contacts: Vec<Contact>,
}

/// A contact's details with custom fields, for creating or editing.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ContactBody {
    #[serde(flatten)]
    pub contact: ContactInput,
    /// Custom field values by the field's key (see `/api/v1/contact-fields`). An empty string
    /// removes the value; fields not named are left as they are.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// One newsletter list the person is on.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubscriptionLine {
    pub list: String,
    /// pending, confirmed or unsubscribed.
    pub status: String,
}

/// A contact with everything attached to it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ContactDetail {
    #[serde(flatten)]
    pub contact: Contact,
    /// Each kind's latest line: what holds today.
    pub current_consents: Vec<Consent>,
    /// The whole consent log, oldest first.
    pub consents: Vec<Consent>,
    pub fields: Vec<FieldValue>,
    pub tags: Vec<Tag>,
    pub subscriptions: Vec<SubscriptionLine>,
}

impl ContactBody {
    pub(super) fn details(self) -> app::contacts::Details {
        app::contacts::Details {
            input: self.contact.into(),
            read_errors: Vec::new(),
            custom: app::contacts::CustomValues::ByKey(self.fields),
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ConsentBody {
    /// `newsletter` or `photos`.
    pub kind: String,
    /// true: given; false: withdrawn.
    pub given: bool,
    /// How it was given or withdrawn, e.g. "paper form".
    pub source: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TagIds {
    /// The contact's tags and groups after the call: the others are taken off.
    pub tag_ids: Vec<i64>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct MergeBody {
    /// The record merged into this one, then removed.
    pub other_id: i64,
}
