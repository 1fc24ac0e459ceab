//! A list's subscribers with their people, as the dashboard, the API and the export show them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{PER_PAGE, Subscription};
use crate::db::TextEnum;
use crate::db::{
    DbConn,
    schema::{contacts, subscriptions},
};
use crate::error::Result;
use crate::members::names;
use crate::newsletter::lists::SubscriptionStatus;

/// One subscriber of a list, as the dashboard and the API show them.
#[derive(Debug, Clone)]
pub struct Subscriber {
    pub subscription: Subscription,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    /// When a mail server refused the address for good.
    pub email_bounced_at: Option<NaiveDateTime>,
}

impl Subscriber {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

/// Which subscribers to show.
#[derive(Debug, Clone, Default)]
pub struct SubscriberQuery {
    /// Part of an address or a name; empty for everyone.
    pub search: String,
    /// `pending`, `confirmed` or `unsubscribed`; anything else for every status.
    pub status: String,
    /// From 1.
    pub page: i64,
}

/// A page of a list's subscribers, newest first, and how many match in all.
pub fn subscribers(
    conn: &mut DbConn,
    list_id: i64,
    q: &SubscriberQuery,
) -> Result<(Vec<Subscriber>, i64)> {
    let total: i64 = filtered(list_id, q).count().get_result(conn)?;
    let page = q.page.max(1);
    let rows = filtered(list_id, q)
        .order((subscriptions::created_at.desc(), subscriptions::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(subscriber_columns())
        .load(conn)?;
    Ok((rows.into_iter().map(subscriber).collect(), total))
}

/// Every subscriber of a list that matches (for the CSV export), newest first.
pub fn all_subscribers(
    conn: &mut DbConn,
    list_id: i64,
    q: &SubscriberQuery,
) -> Result<Vec<Subscriber>> {
    let rows = filtered(list_id, q)
        .order((subscriptions::created_at.desc(), subscriptions::id.desc()))
        .select(subscriber_columns())
        .load(conn)?;
    Ok(rows.into_iter().map(subscriber).collect())
}

type SubscriberColumns = (
    diesel::dsl::AsSelect<Subscription, <DbConn as diesel::Connection>::Backend>,
    (
        contacts::email,
        contacts::first_name,
        contacts::last_name,
        contacts::email_bounced_at,
    ),
);

fn subscriber_columns() -> SubscriberColumns {
    (
        Subscription::as_select(),
        (
            contacts::email,
            contacts::first_name,
            contacts::last_name,
            contacts::email_bounced_at,
        ),
    )
}

type Row = (
    Subscription,
    (Option<String>, String, String, Option<NaiveDateTime>),
);

fn subscriber((subscription, (email, first_name, last_name, email_bounced_at)): Row) -> Subscriber {
    Subscriber {
        subscription,
        email,
        first_name,
        last_name,
        email_bounced_at,
    }
}

/// A list's subscriptions joined to their people, filtered.
type Filtered<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::Filter<
        diesel::dsl::InnerJoin<subscriptions::table, contacts::table>,
        diesel::dsl::Eq<subscriptions::list_id, i64>,
    >,
    <DbConn as diesel::Connection>::Backend,
>;

fn filtered<'a>(list_id: i64, q: &SubscriberQuery) -> Filtered<'a> {
    let mut query = subscriptions::table
        .inner_join(contacts::table)
        .filter(subscriptions::list_id.eq(list_id))
        .into_boxed();
    if let Some(status) = SubscriptionStatus::parse(&q.status) {
        query = query.filter(subscriptions::status.eq(status));
    }
    let search = q.search.trim();
    if !search.is_empty() {
        let email = format!("%{}%", like_escape(&search.to_lowercase()));
        let name = format!("%{}%", like_escape(&names::fold(search)));
        query = query.filter(
            contacts::email_key
                .like(email)
                .escape('\\')
                .or(contacts::name_key.like(name).escape('\\')),
        );
    }
    query
}

fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
