//! The shapes the notifications API sends and reads: a rule, and what makes or changes one.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::TextEnum;
use crate::notifications::{self, NoticeKind};

/// What a rule carries to the chat (`notification_rules.kinds`).
#[derive(Clone, Copy, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKindShape {
    Registration,
    Waitlist,
    Cancellation,
    EventFull,
    Approval,
    Membership,
    Newsletter,
    Follower,
    Mention,
    JobFailed,
}

impl From<NoticeKind> for NoticeKindShape {
    fn from(k: NoticeKind) -> Self {
        match k {
            NoticeKind::Registration => NoticeKindShape::Registration,
            NoticeKind::Waitlist => NoticeKindShape::Waitlist,
            NoticeKind::Cancellation => NoticeKindShape::Cancellation,
            NoticeKind::EventFull => NoticeKindShape::EventFull,
            NoticeKind::Approval => NoticeKindShape::Approval,
            NoticeKind::Membership => NoticeKindShape::Membership,
            NoticeKind::Newsletter => NoticeKindShape::Newsletter,
            NoticeKind::Follower => NoticeKindShape::Follower,
            NoticeKind::Mention => NoticeKindShape::Mention,
            NoticeKind::JobFailed => NoticeKindShape::JobFailed,
        }
    }
}

impl From<NoticeKindShape> for NoticeKind {
    fn from(k: NoticeKindShape) -> Self {
        NoticeKind::ALL
            .iter()
            .copied()
            .find(|d| NoticeKindShape::from(*d) == k)
            .expect("every shape has its kind")
    }
}

/// A notification rule.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationRule {
    pub id: i64,
    pub name: String,
    /// The Mattermost incoming webhook.
    pub webhook_url: String,
    /// The channel it posts to; empty: the webhook's own channel.
    pub channel: String,
    pub kinds: Vec<NoticeKindShape>,
    /// The time of the morning digest (`HH:MM`, the association's time zone); none: no digest.
    pub digest_at: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&notifications::Rule> for NotificationRule {
    fn from(r: &notifications::Rule) -> Self {
        NotificationRule {
            id: r.id,
            name: r.name.clone(),
            webhook_url: r.webhook_url.clone(),
            channel: r.channel.clone(),
            kinds: r.kinds().into_iter().map(Into::into).collect(),
            digest_at: r.digest_at.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A rule to make, or the whole of a rule to save.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationRuleInput {
    pub name: String,
    pub webhook_url: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub kinds: Vec<NoticeKindShape>,
    /// `HH:MM`; absent or null: no digest.
    #[serde(default)]
    pub digest_at: Option<String>,
}

impl From<NotificationRuleInput> for notifications::RuleInput {
    fn from(i: NotificationRuleInput) -> Self {
        notifications::RuleInput {
            name: i.name,
            webhook_url: i.webhook_url,
            channel: i.channel,
            kinds: i.kinds.into_iter().map(Into::into).collect(),
            digest_at: i.digest_at.unwrap_or_default(),
        }
    }
}
