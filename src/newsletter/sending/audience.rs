//! Who a campaign goes to: the confirmed subscribers of its lists, and the current members of
//! its members' lists (subscribed when sending starts).

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{
    DbConn, now,
    schema::{campaign_lists, contacts, newsletter_lists, subscriptions},
};
use crate::error::Result;
use crate::members::{history, memberships};
use crate::newsletter::lists::{ListKind, SubscriptionStatus};
use crate::newsletter::subscriptions::SubscriptionSource;

/// One address a campaign goes to.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub(super) email: String,
    pub(super) contact_id: i64,
    /// None for a member whose subscription to the members' list is made when sending starts.
    pub(super) subscription_id: Option<i64>,
}

/// How many addresses the campaign would go to if it started now (for the confirmation page).
pub fn audience_size(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<usize> {
    let mut seen: HashSet<String> = audience(conn, id, today)?
        .into_iter()
        .map(|t| t.email)
        .collect();
    for (_, _, email) in members_to_subscribe(conn, id, today)? {
        seen.insert(email);
    }
    Ok(seen.len())
}

/// The distinct addresses of the confirmed subscriptions of the campaign's lists, oldest
/// subscription first; on a members' list, current members only. Never an address that bounced
/// or a person erased.
pub(super) fn audience(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<Vec<Target>> {
    let rows: Vec<(Option<String>, i64, i64, ListKind)> = subscriptions::table
        .inner_join(contacts::table.on(contacts::id.eq(subscriptions::contact_id)))
        .inner_join(campaign_lists::table.on(campaign_lists::list_id.eq(subscriptions::list_id)))
        .inner_join(newsletter_lists::table.on(newsletter_lists::id.eq(subscriptions::list_id)))
        .filter(campaign_lists::campaign_id.eq(id))
        .filter(subscriptions::status.eq(SubscriptionStatus::Confirmed))
        .filter(contacts::email_key.is_not_null())
        .filter(contacts::email_bounced_at.is_null())
        .filter(contacts::anonymized_at.is_null())
        .order(subscriptions::id)
        .select((
            contacts::email_key,
            contacts::id,
            subscriptions::id,
            newsletter_lists::kind,
        ))
        .load(conn)?;
    let members = if rows.iter().any(|r| r.3 == ListKind::Members) {
        memberships::current_member_contacts(conn, today)?
    } else {
        HashSet::new()
    };
    let mut seen = HashSet::new();
    let mut targets = Vec::new();
    for (email, contact_id, subscription_id, kind) in rows {
        let Some(email) = email else { continue };
        if kind == ListKind::Members && !members.contains(&contact_id) {
            continue;
        }
        if seen.insert(email.clone()) {
            targets.push(Target {
                email,
                contact_id,
                subscription_id: Some(subscription_id),
            });
        }
    }
    Ok(targets)
}

/// For each members' list of the campaign, the current members with an address and no row on
/// that list (someone who unsubscribed has one, and is left out): (list, contact, address).
fn members_to_subscribe(
    conn: &mut DbConn,
    id: i64,
    today: NaiveDate,
) -> Result<Vec<(i64, i64, String)>> {
    let lists: Vec<i64> = campaign_lists::table
        .inner_join(newsletter_lists::table.on(newsletter_lists::id.eq(campaign_lists::list_id)))
        .filter(campaign_lists::campaign_id.eq(id))
        .filter(newsletter_lists::kind.eq(ListKind::Members))
        .select(newsletter_lists::id)
        .load(conn)?;
    if lists.is_empty() {
        return Ok(Vec::new());
    }
    let members = memberships::current_member_contacts(conn, today)?;
    let with_address: Vec<(i64, Option<String>)> = contacts::table
        .filter(contacts::email_key.is_not_null())
        .filter(contacts::anonymized_at.is_null())
        .select((contacts::id, contacts::email_key))
        .load(conn)?;
    let mut out = Vec::new();
    for list in lists {
        let has_row: HashSet<i64> = subscriptions::table
            .filter(subscriptions::list_id.eq(list))
            .select(subscriptions::contact_id)
            .load::<i64>(conn)?
            .into_iter()
            .collect();
        for (contact, email) in &with_address {
            if let Some(email) = email
                && members.contains(contact)
                && !has_row.contains(contact)
            {
                out.push((list, *contact, email.clone()));
            }
        }
    }
    Ok(out)
}

#[derive(Insertable)]
#[diesel(table_name = subscriptions, treat_none_as_default_value = false)]
struct NewSubscription {
    list_id: i64,
    contact_id: i64,
    status: SubscriptionStatus,
    unsubscribe_token: String,
    source: SubscriptionSource,
    created_at: NaiveDateTime,
    confirmed_at: Option<NaiveDateTime>,
}

/// Subscribes the current members to the campaign's members' lists (confirmed, by their
/// membership). Returns how many subscriptions were made.
pub(super) fn subscribe_members(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<usize> {
    let new = members_to_subscribe(conn, id, today)?;
    let at = now();
    for chunk in new.chunks(500) {
        let rows: Vec<NewSubscription> = chunk
            .iter()
            .map(|(list, contact, _)| NewSubscription {
                list_id: *list,
                contact_id: *contact,
                status: SubscriptionStatus::Confirmed,
                unsubscribe_token: crate::newsletter::subscriptions::new_unsubscribe_token(),
                source: SubscriptionSource::Membership,
                created_at: at,
                confirmed_at: Some(at),
            })
            .collect();
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(subscriptions::table)
                .values(&rows)
                .on_conflict_do_nothing()
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(subscriptions::table)
                .values(&rows)
                .on_conflict_do_nothing()
                .execute(c)?,
        };
    }
    for (_, contact, _) in &new {
        history::record(
            conn,
            *contact,
            None,
            history::Action::Subscribed,
            "membership: members' list",
        )?;
    }
    Ok(new.len())
}
