//! The shapes the members API sends and reads: a membership, its lines and the people it
//! covers, a person's status, the member lists and the categories, each built from the
//! domain's row or turned into the domain's input, so that a change of a table is not a
//! change of the JSON a script reads.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::members::{categories, memberships};

#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum View {
    Current,
    Renew,
    Lapsed,
}

impl From<memberships::View> for View {
    fn from(view: memberships::View) -> Self {
        match view {
            memberships::View::Current => View::Current,
            memberships::View::Renew => View::Renew,
            memberships::View::Lapsed => View::Lapsed,
        }
    }
}

/// Where a person stands.
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
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

impl From<memberships::Status> for Status {
    fn from(status: memberships::Status) -> Self {
        match status {
            memberships::Status::Current { until } => Status::Current { until },
            memberships::Status::ToRenew { until } => Status::ToRenew { until },
            memberships::Status::Lapsed { ended_on } => Status::Lapsed { ended_on },
            memberships::Status::Never => Status::Never,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
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
    #[schema(value_type = String)]
    pub payment_method: memberships::PaymentMethod,
    pub receipt_number: Option<String>,
    #[schema(value_type = String)]
    pub source: memberships::Source,
    pub external_ref: Option<String>,
    pub notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&memberships::Membership> for Membership {
    fn from(d: &memberships::Membership) -> Self {
        Membership {
            id: d.id,
            contact_id: d.contact_id,
            category_id: d.category_id,
            starts_on: d.starts_on,
            ends_on: d.ends_on,
            amount_cents: d.amount_cents,
            paid_on: d.paid_on,
            payment_method: d.payment_method,
            receipt_number: d.receipt_number.clone(),
            source: d.source,
            external_ref: d.external_ref.clone(),
            notes: d.notes.clone(),
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// A membership as typed in the form or sent to the API.
#[derive(Deserialize, utoipa::ToSchema)]
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

impl From<MembershipInput> for memberships::MembershipInput {
    fn from(i: MembershipInput) -> Self {
        memberships::MembershipInput {
            category_id: i.category_id,
            amount_cents: i.amount_cents,
            paid_on: i.paid_on,
            payment_method: i.payment_method,
            receipt_number: i.receipt_number,
            notes: i.notes,
            people: i.people,
        }
    }
}

/// One line of a person's membership history.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Line {
    #[serde(flatten)]
    pub membership: Membership,
    pub category: String,
    #[schema(value_type = String)]
    pub category_kind: categories::CategoryKind,
    /// When the person is covered by someone else's family membership: who paid.
    pub covered_by: Option<Person>,
    /// For a family membership this person paid: the others it covers.
    pub people: Vec<Person>,
}

impl From<&memberships::Line> for Line {
    fn from(d: &memberships::Line) -> Self {
        Line {
            membership: (&d.membership).into(),
            category: d.category.clone(),
            category_kind: d.category_kind,
            covered_by: d.covered_by.as_ref().map(Person::from),
            people: d.people.iter().map(Person::from).collect(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

impl From<&memberships::Person> for Person {
    fn from(d: &memberships::Person) -> Self {
        Person {
            id: d.id,
            name: d.name.clone(),
        }
    }
}

/// One member in a list: the person and the membership that gives their latest end.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberRow {
    pub contact_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// The last day covered.
    pub until: NaiveDate,
    pub membership_id: i64,
    pub category: String,
    pub amount_cents: i64,
}

impl From<&memberships::MemberRow> for MemberRow {
    fn from(d: &memberships::MemberRow) -> Self {
        MemberRow {
            contact_id: d.contact_id,
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            email: d.email.clone(),
            until: d.until,
            membership_id: d.membership_id,
            category: d.category.clone(),
            amount_cents: d.amount_cents,
        }
    }
}

/// How many people each view holds.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberCounts {
    pub current: i64,
    pub renew: i64,
    pub lapsed: i64,
}

impl From<&memberships::Counts> for MemberCounts {
    fn from(d: &memberships::Counts) -> Self {
        MemberCounts {
            current: d.current,
            renew: d.renew,
            lapsed: d.lapsed,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Category {
    pub id: i64,
    pub name: String,
    #[schema(value_type = String)]
    pub kind: categories::CategoryKind,
    /// The fee of a fixed or family category, in cents.
    pub amount_cents: Option<i64>,
    /// The least a pay-what-you-want membership may be, in cents.
    pub min_cents: Option<i64>,
    /// Offered for new memberships.
    pub active: bool,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

impl From<&categories::Category> for Category {
    fn from(d: &categories::Category) -> Self {
        Category {
            id: d.id,
            name: d.name.clone(),
            kind: d.kind,
            amount_cents: d.amount_cents,
            min_cents: d.min_cents,
            active: d.active,
            position: d.position,
            created_at: d.created_at,
        }
    }
}

/// A category as typed in the form or sent to the API.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CategoryInput {
    #[serde(default)]
    pub name: String,
    /// `fixed`, `free` or `family`.
    #[serde(default)]
    pub kind: String,
    /// For `fixed` and `family`: the fee, in cents.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    /// For `free`: the least one may pay, in cents (0 for none).
    #[serde(default)]
    pub min_cents: Option<i64>,
}

impl From<CategoryInput> for categories::CategoryInput {
    fn from(i: CategoryInput) -> Self {
        categories::CategoryInput {
            name: i.name,
            kind: i.kind,
            amount_cents: i.amount_cents,
            min_cents: i.min_cents,
        }
    }
}
