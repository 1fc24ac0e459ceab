//! The shapes the newsletter lists API sends and reads: a list with its counts, a
//! subscription and a subscriber, each built from the domain's row or turned into the
//! domain's input, so that a change of a table is not a change of the JSON a script reads.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::TextEnum;
use crate::newsletter::{lists, subscriptions};

/// The kinds of list (`newsletter_lists.kind`).
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    Public,
    Private,
    Members,
}

impl From<lists::ListKind> for ListKind {
    fn from(value: lists::ListKind) -> Self {
        match value {
            lists::ListKind::Public => ListKind::Public,
            lists::ListKind::Private => ListKind::Private,
            lists::ListKind::Members => ListKind::Members,
        }
    }
}

/// A subscription's status (`subscriptions.status`).
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    Pending,
    Confirmed,
    Unsubscribed,
}

impl From<lists::SubscriptionStatus> for SubscriptionStatus {
    fn from(value: lists::SubscriptionStatus) -> Self {
        match value {
            lists::SubscriptionStatus::Pending => SubscriptionStatus::Pending,
            lists::SubscriptionStatus::Confirmed => SubscriptionStatus::Confirmed,
            lists::SubscriptionStatus::Unsubscribed => SubscriptionStatus::Unsubscribed,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct List {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub kind: ListKind,
    pub created_at: NaiveDateTime,
}

impl From<&lists::List> for List {
    fn from(d: &lists::List) -> Self {
        List {
            id: d.id,
            slug: d.slug.clone(),
            name: d.name.clone(),
            description: d.description.clone(),
            kind: d.kind.into(),
            created_at: d.created_at,
        }
    }
}

/// How many people a list has, by status.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListCounts {
    pub confirmed: i64,
    pub pending: i64,
    pub unsubscribed: i64,
}

impl From<&lists::Counts> for ListCounts {
    fn from(d: &lists::Counts) -> Self {
        ListCounts {
            confirmed: d.confirmed,
            pending: d.pending,
            unsubscribed: d.unsubscribed,
        }
    }
}

/// A list with its counts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListSummary {
    #[serde(flatten)]
    pub list: List,
    pub counts: ListCounts,
}

impl From<&lists::ListSummary> for ListSummary {
    fn from(d: &lists::ListSummary) -> Self {
        ListSummary {
            list: (&d.list).into(),
            counts: (&d.counts).into(),
        }
    }
}

/// What the list form (or a JSON body) holds.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ListInput {
    #[serde(default)]
    pub name: String,
    /// Made from the name when empty.
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    /// `public`, `private` or `members`.
    #[serde(default)]
    pub kind: String,
}

impl From<ListInput> for lists::ListInput {
    fn from(i: ListInput) -> Self {
        lists::ListInput {
            name: i.name,
            slug: i.slug,
            description: i.description,
            kind: i.kind,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Subscription {
    pub id: i64,
    pub list_id: i64,
    pub contact_id: i64,
    pub status: SubscriptionStatus,
    pub confirm_expires_at: Option<NaiveDateTime>,
    pub confirm_sent_at: Option<NaiveDateTime>,
    /// Where it came from: `dashboard`, `api`, `membership` or `form` (the public form).
    pub source: String,
    /// For the public form, the page it was on.
    pub source_url: Option<String>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub unsubscribed_at: Option<NaiveDateTime>,
    pub unsubscribed_campaign_id: Option<i64>,
}

impl From<&subscriptions::Subscription> for Subscription {
    fn from(d: &subscriptions::Subscription) -> Self {
        Subscription {
            id: d.id,
            list_id: d.list_id,
            contact_id: d.contact_id,
            status: d.status.into(),
            confirm_expires_at: d.confirm_expires_at,
            confirm_sent_at: d.confirm_sent_at,
            source: d.source.as_str().to_string(),
            source_url: d.source_url.clone(),
            created_at: d.created_at,
            confirmed_at: d.confirmed_at,
            unsubscribed_at: d.unsubscribed_at,
            unsubscribed_campaign_id: d.unsubscribed_campaign_id,
        }
    }
}

/// One subscriber of a list, as the dashboard and the API show them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Subscriber {
    #[serde(flatten)]
    pub subscription: Subscription,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    /// When a mail server refused the address for good.
    pub email_bounced_at: Option<NaiveDateTime>,
}

impl From<&subscriptions::Subscriber> for Subscriber {
    fn from(d: &subscriptions::Subscriber) -> Self {
        Subscriber {
            subscription: (&d.subscription).into(),
            email: d.email.clone(),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            email_bounced_at: d.email_bounced_at,
        }
    }
}
