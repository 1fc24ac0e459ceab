//! The shapes the registrations API sends: a registration, its state and how the person
//! registered, each built from the domain's row, so that a change of the table is not a
//! change of the JSON a script reads.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::events::{self as domain};

#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationStatus {
    Pending,
    Confirmed,
    Waitlisted,
    Cancelled,
    Refused,
    Expired,
}

impl From<domain::RegistrationStatus> for RegistrationStatus {
    fn from(status: domain::RegistrationStatus) -> Self {
        use domain::RegistrationStatus as S;
        match status {
            S::Pending => RegistrationStatus::Pending,
            S::Confirmed => RegistrationStatus::Confirmed,
            S::Waitlisted => RegistrationStatus::Waitlisted,
            S::Cancelled => RegistrationStatus::Cancelled,
            S::Refused => RegistrationStatus::Refused,
            S::Expired => RegistrationStatus::Expired,
        }
    }
}

/// How the person registered, and so how they are answered.
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Web,
    Join,
    Poll,
    Accept,
}

impl From<domain::Channel> for Channel {
    fn from(channel: domain::Channel) -> Self {
        match channel {
            domain::Channel::Web => Channel::Web,
            domain::Channel::Join => Channel::Join,
            domain::Channel::Poll => Channel::Poll,
            domain::Channel::Accept => Channel::Accept,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub attendee_key: String,
    pub name: String,
    pub email: Option<String>,
    pub actor_id: Option<String>,
    pub channel: Channel,
    pub channel_ref: Option<String>,
    pub lang: String,
    pub status: RegistrationStatus,
    pub message: String,
    pub checked_in: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Until when this web registration waits for the visitor to confirm it from the mail;
    /// none once confirmed, or when it never had to be.
    pub hold_until: Option<NaiveDateTime>,
}

impl From<&domain::Registration> for Registration {
    fn from(r: &domain::Registration) -> Self {
        Registration {
            id: r.id,
            event_id: r.event_id,
            attendee_key: r.attendee_key.clone(),
            name: r.name.clone(),
            email: r.email.clone(),
            actor_id: r.actor_id.clone(),
            channel: r.channel.into(),
            channel_ref: r.channel_ref.clone(),
            lang: r.lang.clone(),
            status: r.status.into(),
            message: r.message.clone(),
            checked_in: r.checked_in,
            created_at: r.created_at,
            updated_at: r.updated_at,
            hold_until: r.hold_until,
        }
    }
}
