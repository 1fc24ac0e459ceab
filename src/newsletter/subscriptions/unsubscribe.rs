//! Leaving a list: by the link in every campaign mail, or by the team.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::confirm::OnList;
use super::{Subscription, find};
use crate::db::{
    DbConn, now,
    schema::{campaigns, newsletter_lists, subscriptions},
};
use crate::error::{Error, Result};
use crate::members::{
    consents,
    contacts::{self as people, Contact},
    history,
};
use crate::newsletter::lists::{self, List, ListKind, SubscriptionStatus};

/// What following an unsubscribe link did.
#[derive(Debug, Clone)]
pub enum Unsubscribed {
    Done(OnList),
    /// Unsubscribed before: nothing changed.
    AlreadyUnsubscribed(OnList),
}

/// The subscription of an unsubscribe link, with its list and person (for the page with the
/// button). An unknown token is `NotFound`.
pub fn by_token(conn: &mut DbConn, token: &str) -> Result<(OnList, Contact)> {
    if token.is_empty() || token.len() > 200 {
        return Err(Error::NotFound);
    }
    let (subscription, list): (Subscription, List) = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::unsubscribe_token.eq(token))
        .select((Subscription::as_select(), List::as_select()))
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let contact = people::find(conn, subscription.contact_id)?;
    Ok((OnList { subscription, list }, contact))
}

/// Follows an unsubscribe link, no login needed. `campaign_id` is the campaign whose mail held
/// the link (`?c=`), kept for its counts when it is a campaign of ours.
pub fn unsubscribe(
    conn: &mut DbConn,
    token: &str,
    campaign_id: Option<i64>,
) -> Result<Unsubscribed> {
    crate::db::transaction(conn, |c| {
        let (row, _) = by_token(c, token)?;
        if row.subscription.status == SubscriptionStatus::Unsubscribed {
            return Ok(Unsubscribed::AlreadyUnsubscribed(row));
        }
        let campaign_id = match campaign_id {
            Some(id) => campaigns::table
                .find(id)
                .select(campaigns::id)
                .first::<i64>(c)
                .optional()?,
            None => None,
        };
        let how = match campaign_id {
            Some(id) => format!("unsubscribe link (campaign {id})"),
            None => "unsubscribe link".to_string(),
        };
        if !mark_unsubscribed(c, &row, campaign_id, None, &how)? {
            return Ok(Unsubscribed::AlreadyUnsubscribed(row));
        }
        Ok(Unsubscribed::Done(OnList {
            subscription: find(c, row.subscription.id)?,
            list: row.list,
        }))
    })
}

/// Takes someone off a list from the dashboard or the API (they asked the team). Twice is
/// harmless.
pub fn unsubscribe_by_admin(conn: &mut DbConn, id: i64, by: Option<i64>) -> Result<Subscription> {
    crate::db::transaction(conn, |c| {
        let subscription = find(c, id)?;
        if subscription.status != SubscriptionStatus::Unsubscribed {
            let list = lists::find(c, subscription.list_id)?;
            let row = OnList { subscription, list };
            mark_unsubscribed(c, &row, None, by, "asked the team")?;
        }
        find(c, id)
    })
}

/// Unsubscribed, with the date and the campaign; the confirmation link stops working (an old
/// one must not subscribe the person again). For a public list, the newsletter consent is
/// withdrawn unless the person is still confirmed on another public list.
fn mark_unsubscribed(
    conn: &mut DbConn,
    row: &OnList,
    campaign_id: Option<i64>,
    by: Option<i64>,
    how: &str,
) -> Result<bool> {
    let sub = &row.subscription;
    // Only a row not unsubscribed yet: two clicks at the same moment unsubscribe once.
    let changed = diesel::update(
        subscriptions::table
            .find(sub.id)
            .filter(subscriptions::status.ne(SubscriptionStatus::Unsubscribed)),
    )
    .set((
        subscriptions::status.eq(SubscriptionStatus::Unsubscribed),
        subscriptions::unsubscribed_at.eq(Some(now())),
        subscriptions::unsubscribed_campaign_id.eq(campaign_id),
        subscriptions::confirm_hash.eq(None::<String>),
        subscriptions::confirm_expires_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    history::record(
        conn,
        sub.contact_id,
        by,
        history::Action::Unsubscribed,
        &row.list.slug,
    )?;
    if row.list.is_public() && !confirmed_on_a_public_list(conn, sub.contact_id)? {
        let how = format!("{how}, list {}", row.list.slug);
        consents::record(
            conn,
            sub.contact_id,
            consents::ConsentKind::Newsletter,
            false,
            &how,
            by,
        )?;
    }
    Ok(true)
}

fn confirmed_on_a_public_list(conn: &mut DbConn, contact_id: i64) -> Result<bool> {
    let n: i64 = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::contact_id.eq(contact_id))
        .filter(subscriptions::status.eq(SubscriptionStatus::Confirmed))
        .filter(newsletter_lists::kind.eq(ListKind::Public))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
