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

use crate::db::schema::memberships;

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
