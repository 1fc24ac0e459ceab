//! The confirmation link: what it stands for, and following it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Subscription, find};
use crate::accounts::tokens;
use crate::db::{
    DbConn, now,
    schema::{contacts, newsletter_lists, subscriptions},
};
use crate::error::{Error, Result};
use crate::members::{consents, contacts as people, history};
use crate::newsletter::lists::{List, SubscriptionStatus};

/// One subscription with its list.
#[derive(Debug, Clone)]
pub struct OnList {
    pub subscription: Subscription,
    pub list: List,
}

/// What a confirmation link says, before or after it is followed.
#[derive(Debug, Clone)]
pub enum Confirmation {
    /// Waiting for the click (what the page with the button shows).
    Pending(Vec<OnList>),
    /// Confirmed just now.
    Confirmed(Vec<OnList>),
    /// Used already: every subscription of the link is confirmed.
    AlreadyConfirmed(Vec<OnList>),
    /// Past its `CONFIRM_VALIDITY`: nothing changed; subscribing again sends a new one.
    Expired,
}

/// The rows a confirmation secret stands for (one mail may cover several lists).
fn rows_of_secret(conn: &mut DbConn, secret: &str) -> Result<Vec<OnList>> {
    if secret.is_empty() || secret.len() > 200 {
        return Ok(Vec::new());
    }
    let rows: Vec<(Subscription, List)> = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::confirm_hash.eq(tokens::hash(secret)))
        .order(subscriptions::list_id.asc())
        .select((Subscription::as_select(), List::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(subscription, list)| OnList { subscription, list })
        .collect())
}

/// What the link is, without following it (a GET: mail scanners open links).
/// An unknown or forged secret is `NotFound`.
pub fn check(conn: &mut DbConn, secret: &str) -> Result<Confirmation> {
    let rows = rows_of_secret(conn, secret)?;
    state_of(rows).map(|(state, _)| state)
}

fn state_of(rows: Vec<OnList>) -> Result<(Confirmation, Vec<i64>)> {
    if rows.is_empty() {
        return Err(Error::NotFound);
    }
    let pending: Vec<i64> = rows
        .iter()
        .filter(|r| r.subscription.status == SubscriptionStatus::Pending)
        .map(|r| r.subscription.id)
        .collect();
    if pending.is_empty() {
        return Ok((Confirmation::AlreadyConfirmed(rows), pending));
    }
    let expired = rows
        .iter()
        .filter(|r| pending.contains(&r.subscription.id))
        .any(|r| r.subscription.confirm_expires_at.is_none_or(|t| t <= now()));
    if expired {
        return Ok((Confirmation::Expired, Vec::new()));
    }
    Ok((Confirmation::Pending(rows), pending))
}

/// Follows the link: the pending subscriptions it stands for become confirmed, the consent is
/// recorded, and the address is known to work (a past bounce is forgotten). The hash stays,
/// so that a second click says "already confirmed".
pub fn confirm(conn: &mut DbConn, secret: &str) -> Result<Confirmation> {
    crate::db::transaction(conn, |c| {
        let rows = rows_of_secret(c, secret)?;
        let (state, pending) = state_of(rows)?;
        let Confirmation::Pending(rows) = state else {
            return Ok(state);
        };
        let at = now();
        // Only rows still pending: a click at the same moment from elsewhere confirms once.
        let changed = diesel::update(
            subscriptions::table
                .filter(subscriptions::id.eq_any(&pending))
                .filter(subscriptions::status.eq(SubscriptionStatus::Pending)),
        )
        .set((
            subscriptions::status.eq(SubscriptionStatus::Confirmed),
            subscriptions::confirmed_at.eq(Some(at)),
        ))
        .execute(c)?;
        if changed == 0 {
            return Ok(Confirmation::AlreadyConfirmed(reload(c, rows)?));
        }
        let first = &rows[0].subscription;
        let contact_id = first.contact_id;
        let asked = first.confirm_sent_at.unwrap_or(first.created_at);
        let how = format!(
            "{} on {}, confirmed by the link",
            first.source_text(),
            asked.format("%Y-%m-%d %H:%M UTC")
        );
        consents::record(
            c,
            contact_id,
            consents::ConsentKind::Newsletter,
            true,
            &how,
            None,
        )?;
        for row in rows.iter().filter(|r| pending.contains(&r.subscription.id)) {
            history::record(
                c,
                contact_id,
                None,
                history::Action::Subscribed,
                &row.list.slug,
            )?;
        }
        people::touch(c, contact_id)?;
        diesel::update(contacts::table.find(contact_id))
            .set((
                contacts::email_bounced_at.eq(None::<NaiveDateTime>),
                contacts::bounce_reason.eq(None::<String>),
            ))
            .execute(c)?;
        Ok(Confirmation::Confirmed(reload(c, rows)?))
    })
}

fn reload(conn: &mut DbConn, rows: Vec<OnList>) -> Result<Vec<OnList>> {
    rows.into_iter()
        .map(|r| {
            Ok(OnList {
                subscription: find(conn, r.subscription.id)?,
                list: r.list,
            })
        })
        .collect()
}
