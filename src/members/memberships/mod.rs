//! Memberships: a contact pays for a category (an amount, a date, a payment method, a receipt
//! number when one is issued) and is a member over the period that `period` computes. A family
//! membership also covers other people (`membership_people`), who count as members too.
//!
//! A person's status comes from one date, the latest end of the memberships that cover them:
//! current until that date, to renew when it comes within the first reminder, lapsed after it,
//! never without any. The member lists are one query for the page and one for the counts.
//!
//! The files: `record` (a membership typed, checked and written, with the people it covers),
//! `read` (memberships and a person's history), `status` (where a person stands),
//! `lists` (the member lists and their counts).

mod lists;
mod read;
mod record;
mod status;

pub use lists::{Counts, ListQuery, MemberRow, View, counts, list};
pub use read::{Line, Person, all, find, find_people, history_of, people};
pub use record::{MembershipInput, create, delete, update};
pub use status::{Status, current_member_contacts, latest_end, status};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::{TextEnum, schema::memberships};

/// How a membership was paid (`memberships.payment_method`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    Cash,
    Cheque,
    Transfer,
    Card,
    Helloasso,
    Other,
}

impl TextEnum for PaymentMethod {
    const ALL: &'static [Self] = &[
        PaymentMethod::Cash,
        PaymentMethod::Cheque,
        PaymentMethod::Transfer,
        PaymentMethod::Card,
        PaymentMethod::Helloasso,
        PaymentMethod::Other,
    ];

    fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Card => "card",
            PaymentMethod::Helloasso => "helloasso",
            PaymentMethod::Other => "other",
        }
    }
}

crate::stored_as_text!(PaymentMethod);

/// Where a membership was recorded (`memberships.source`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Dashboard,
    Import,
    Helloasso,
    Api,
}

impl TextEnum for Source {
    const ALL: &'static [Self] = &[
        Source::Dashboard,
        Source::Import,
        Source::Helloasso,
        Source::Api,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Source::Dashboard => "dashboard",
            Source::Import => "import",
            Source::Helloasso => "helloasso",
            Source::Api => "api",
        }
    }
}

crate::stored_as_text!(Source);

#[derive(Debug, Clone, Queryable, Selectable)]
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
    pub payment_method: PaymentMethod,
    pub receipt_number: Option<String>,
    pub source: Source,
    pub external_ref: Option<String>,
    pub notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
