//! The shapes the campaigns API sends and reads: a campaign, its counts and its recipients,
//! each built from the domain's row or turned into the domain's input, so that a change of a
//! table is not a change of the JSON a script reads.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::newsletter::{campaigns, sending};

/// Where a campaign is in its life.
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Draft,
    Scheduled,
    Sending,
    Sent,
    Cancelled,
}

impl From<campaigns::CampaignStatus> for CampaignStatus {
    fn from(value: campaigns::CampaignStatus) -> Self {
        match value {
            campaigns::CampaignStatus::Draft => CampaignStatus::Draft,
            campaigns::CampaignStatus::Scheduled => CampaignStatus::Scheduled,
            campaigns::CampaignStatus::Sending => CampaignStatus::Sending,
            campaigns::CampaignStatus::Sent => CampaignStatus::Sent,
            campaigns::CampaignStatus::Cancelled => CampaignStatus::Cancelled,
        }
    }
}

/// A recipient's row, from its start to its end (`campaign_recipients.status`).
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecipientStatus {
    Pending,
    Sending,
    Sent,
    Failed,
    Bounced,
    Unknown,
    Skipped,
}

impl From<sending::RecipientStatus> for RecipientStatus {
    fn from(value: sending::RecipientStatus) -> Self {
        match value {
            sending::RecipientStatus::Pending => RecipientStatus::Pending,
            sending::RecipientStatus::Sending => RecipientStatus::Sending,
            sending::RecipientStatus::Sent => RecipientStatus::Sent,
            sending::RecipientStatus::Failed => RecipientStatus::Failed,
            sending::RecipientStatus::Bounced => RecipientStatus::Bounced,
            sending::RecipientStatus::Unknown => RecipientStatus::Unknown,
            sending::RecipientStatus::Skipped => RecipientStatus::Skipped,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: i64,
    /// The address in the public archive: `/newsletter/{slug}`.
    pub slug: String,
    pub subject: String,
    /// The text as written, in Markdown.
    pub body_md: String,
    /// The text as HTML, sanitized.
    pub body_html: String,
    pub status: CampaignStatus,
    /// When a scheduled campaign starts (UTC).
    pub scheduled_at: Option<NaiveDateTime>,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub public_archive: bool,
    pub to_fediverse: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&campaigns::Campaign> for Campaign {
    fn from(d: &campaigns::Campaign) -> Self {
        Campaign {
            id: d.id,
            slug: d.slug.clone(),
            subject: d.subject.clone(),
            body_md: d.body_md.clone(),
            body_html: d.body_html.clone(),
            status: d.status.into(),
            scheduled_at: d.scheduled_at,
            started_at: d.started_at,
            finished_at: d.finished_at,
            public_archive: d.public_archive,
            to_fediverse: d.to_fediverse,
            created_by: d.created_by,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// What an editor writes: from the dashboard's form or a JSON body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct CampaignInput {
    #[serde(default)]
    pub subject: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// The ids of the lists it goes to; someone on several of them gets it once.
    #[serde(default)]
    pub lists: Vec<i64>,
    /// Shown in the public archive once sent. Left out: on when one of the lists is public.
    #[serde(default)]
    pub public_archive: Option<bool>,
    /// Also published to fediverse followers as an `Article` once sent.
    #[serde(default)]
    pub to_fediverse: bool,
}

impl From<CampaignInput> for campaigns::CampaignInput {
    fn from(i: CampaignInput) -> Self {
        campaigns::CampaignInput {
            subject: i.subject,
            body: i.body,
            lists: i.lists,
            public_archive: i.public_archive,
            to_fediverse: i.to_fediverse,
        }
    }
}

/// Where a campaign's mails are: one count per recipient status, and the unsubscriptions
/// made from its link.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CampaignCounts {
    /// Addresses it goes to (each once).
    pub recipients: i64,
    /// Not sent yet (waiting, or being handed to the mail server right now).
    pub pending: i64,
    pub sent: i64,
    /// Could not be sent after several tries, or not a usable address.
    pub failed: i64,
    /// Refused for good by the mail server: the address is marked and gets no more mail.
    pub bounced: i64,
    /// Was being sent when the server stopped: may or may not have left; never sent again
    /// unless someone asks.
    pub unknown: i64,
    /// Not sent because the person unsubscribed or bounced before their turn, or the sending
    /// was stopped.
    pub skipped: i64,
    /// People who unsubscribed with this campaign's link.
    pub unsubscribed: i64,
}

impl From<&campaigns::Counts> for CampaignCounts {
    fn from(d: &campaigns::Counts) -> Self {
        CampaignCounts {
            recipients: d.recipients,
            pending: d.pending,
            sent: d.sent,
            failed: d.failed,
            bounced: d.bounced,
            unknown: d.unknown,
            skipped: d.skipped,
            unsubscribed: d.unsubscribed,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Recipient {
    pub id: i64,
    pub contact_id: Option<i64>,
    pub email: String,
    pub status: RecipientStatus,
    pub error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
}

impl From<&sending::Recipient> for Recipient {
    fn from(d: &sending::Recipient) -> Self {
        Recipient {
            id: d.id,
            contact_id: d.contact_id,
            email: d.email.clone(),
            status: d.status.into(),
            error: d.error.clone(),
            sent_at: d.sent_at,
        }
    }
}
