//! Subscriptions: who is on which list, with double opt-in. A person who subscribes on the
//! public form is `pending` and gets ONE confirmation mail; nothing else is ever sent to a
//! pending subscription. The link in that mail confirms (and records the consent); every
//! campaign mail carries the subscription's stable unsubscribe link, which works without login.
//!
//! The links (`{base}/newsletter/confirm/{secret}`, `{base}/newsletter/unsubscribe/{token}`)
//! hold nothing but a random secret, so any later version can read them: only the SHA-256 of
//! the confirmation secret is stored; the unsubscribe token is stored as it is (it must be put
//! in every campaign mail).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::lists::SubscriptionStatus;
use crate::accounts::tokens;
use crate::db::{DbConn, TextEnum, schema::subscriptions};
use crate::error::{Error, Result};

mod admin;
mod confirm;
mod confirmation_mail;
mod subscribe;
mod subscribers;
mod unsubscribe;

pub use admin::{AddMode, Added, AdminAdd, add_by_admin};
pub use confirm::{Confirmation, OnList, check, confirm};
pub use subscribe::{Subscribed, subscribe};
pub use subscribers::{Subscriber, SubscriberQuery, all_subscribers, subscribers};
pub use unsubscribe::{Unsubscribed, by_token, unsubscribe, unsubscribe_by_admin};

/// How long a confirmation link works.
pub const CONFIRM_VALIDITY: Duration = Duration::days(7);
/// At most one confirmation mail per address in this time, whatever is posted.
pub const RESEND_AFTER: Duration = Duration::minutes(10);
/// Subscribers per page in the dashboard.
pub const PER_PAGE: i64 = 50;

/// Where a subscription came from (`subscriptions.source`). The public form's also keeps the
/// address of the page it was on (`subscriptions.source_url`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum SubscriptionSource {
    Dashboard,
    Api,
    /// Made by the campaign sender for members of a `members` list.
    Membership,
    /// The public form.
    Form,
}

impl TextEnum for SubscriptionSource {
    const ALL: &'static [Self] = &[
        SubscriptionSource::Dashboard,
        SubscriptionSource::Api,
        SubscriptionSource::Membership,
        SubscriptionSource::Form,
    ];

    fn as_str(self) -> &'static str {
        match self {
            SubscriptionSource::Dashboard => "dashboard",
            SubscriptionSource::Api => "api",
            SubscriptionSource::Membership => "membership",
            SubscriptionSource::Form => "form",
        }
    }
}

crate::stored_as_text!(SubscriptionSource);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: i64,
    pub list_id: i64,
    pub contact_id: i64,
    pub status: SubscriptionStatus,
    pub confirm_hash: Option<String>,
    pub confirm_expires_at: Option<NaiveDateTime>,
    pub confirm_sent_at: Option<NaiveDateTime>,
    pub unsubscribe_token: String,
    pub source: SubscriptionSource,
    /// The page the public form was on, as the browser said.
    pub source_url: Option<String>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub unsubscribed_at: Option<NaiveDateTime>,
    pub unsubscribed_campaign_id: Option<i64>,
}

impl Subscription {
    pub fn is_confirmed(&self) -> bool {
        self.status == SubscriptionStatus::Confirmed
    }

    /// Where it came from as the consent log has always written it: the word, followed by the
    /// form's page for the public form (`form https://…`).
    pub fn source_text(&self) -> String {
        match &self.source_url {
            Some(url) => format!("{} {url}", self.source.as_str()),
            None => self.source.as_str().to_string(),
        }
    }

    /// The path of the unsubscribe page, on this site.
    pub fn unsubscribe_path(&self) -> String {
        unsubscribe_path(&self.unsubscribe_token)
    }
}

/// `/newsletter/unsubscribe/{token}`: the address every campaign mail links to (with
/// `?c={campaign_id}`).
pub fn unsubscribe_path(token: &str) -> String {
    crate::urls::unsubscribe(token)
}

/// A new unsubscribe token, for whoever makes a subscription row (the campaign sender does
/// for members).
pub fn new_unsubscribe_token() -> String {
    tokens::random_token(24)
}

/// What a confirmation mail needs to know of the site.
#[derive(Debug, Clone)]
pub struct Site {
    /// `https://asso.example`, without the trailing slash.
    pub base_url: String,
    pub name: String,
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Subscription> {
    subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}
