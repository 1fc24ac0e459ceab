//! A registration's state, from its arrival to its end (`registrations.status`).

use serde::{Deserialize, Serialize};

use crate::db::TextEnum;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    /// Waiting for an organizer's approval.
    Pending,
    Confirmed,
    Waitlisted,
    Cancelled,
    Refused,
    /// A web registration whose address was not confirmed in time: its place was released.
    Expired,
}

impl TextEnum for RegistrationStatus {
    const ALL: &'static [Self] = &[
        RegistrationStatus::Pending,
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Cancelled,
        RegistrationStatus::Refused,
        RegistrationStatus::Expired,
    ];

    fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
            RegistrationStatus::Refused => "refused",
            RegistrationStatus::Expired => "expired",
        }
    }
}

crate::stored_as_text!(RegistrationStatus);

impl RegistrationStatus {
    /// Still holds a place or a place in the queue.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Pending
                | RegistrationStatus::Confirmed
                | RegistrationStatus::Waitlisted
        )
    }
}
