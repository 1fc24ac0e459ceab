//! Handing one row's mail to the mail server, and recording how it went.

use std::{sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::batch::{Outcome, Sender, Taken};
use super::mail::{Addressee, mail};
use super::{MAX_TRIES, RecipientStatus, SkipReason};
use crate::db::TextEnum;
use crate::db::{
    DbConn, now,
    schema::{campaign_recipient_tries as tries, contacts},
};
use crate::error::{Error, Result};
use crate::mail::{Handed, SendError};
use crate::members::history;
use crate::newsletter::campaigns::Campaign;

/// The longest the mail server may take to get one mail up to its final dot (past it, the mail
/// did not leave), and again to answer the dot (past it, whether it left is unknown).
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Hands one row's mail to the mail server, recording it sent just before its final dot, then
/// corrects the record if the server did not take it after all; returns the row's tries and
/// the outcome.
pub(super) async fn deliver(sender: Sender, campaign: Arc<Campaign>, row: Taken) -> (i32, Outcome) {
    let (id, contact_id, attempts) = (row.id, row.contact_id, row.attempts);
    let outcome = match (row.skip, &row.token) {
        (Some(reason), _) => Outcome::Skipped(reason),
        (None, None) => Outcome::Skipped(SkipReason::NoUnsubscribeLink),
        (None, Some(token)) => {
            let to = Addressee {
                recipient_id: Some(row.id),
                email: row.email.clone(),
                lang: row.lang.clone(),
                unsubscribe_token: token.clone(),
            };
            match mail(&sender.site, &campaign, &to) {
                Err(e) => Outcome::Failed(e.to_string()),
                Ok(m) => {
                    let db = sender.db.clone();
                    let commit = || async move {
                        db.run(move |c| mark_sent(c, id, attempts))
                            .await
                            .map_err(|e| e.to_string())
                    };
                    match sender.mailer.deliver_once(&m, SEND_TIMEOUT, commit).await {
                        Handed::Delivered => Outcome::Sent,
                        Handed::NotSent(e) | Handed::Corrected(e) => match e {
                            SendError::Refused(e) => Outcome::Refused(e),
                            SendError::Temporary(e) => Outcome::Temporary(e),
                            SendError::Invalid(e) => Outcome::Failed(e),
                            SendError::Uncertain(e) => {
                                Outcome::Unknown(format!("{e}: the mail may or may not have left"))
                            }
                        },
                    }
                }
            }
        }
    };
    if !matches!(outcome, Outcome::Sent) {
        let recorded = {
            let outcome = outcome.clone();
            sender
                .db
                .run(move |c| record(c, id, contact_id, attempts, outcome))
                .await
        };
        if let Err(e) = recorded {
            // Left `sending`: it did not leave, and goes back to the queue after the job lock.
            // Left `sent` (a refusal at the dot not recorded): counted sent.
            tracing::warn!("campaign recipient {id}: cannot record {outcome:?}: {e}");
        }
    }
    (attempts, outcome)
}

/// Records a row sent, if it is still this try's (`attempts` tells tries apart): true when it
/// was, and the mail may go.
fn mark_sent(conn: &mut DbConn, id: i64, attempts: i32) -> Result<bool> {
    let changed = diesel::update(
        tries::table
            .filter(tries::id.eq(id))
            .filter(tries::status.eq(RecipientStatus::Sending))
            .filter(tries::attempts.eq(attempts)),
    )
    .set((
        tries::status.eq(RecipientStatus::Sent),
        tries::sent_at.eq(Some(now())),
        tries::error.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Records how a try went, if the row is still this try's: `sending`, or `sent` by an
/// optimistic commit that the server's answer to the dot now corrects.
fn record(
    conn: &mut DbConn,
    id: i64,
    contact_id: Option<i64>,
    attempts: i32,
    outcome: Outcome,
) -> Result<()> {
    let row = tries::table
        .filter(tries::id.eq(id))
        .filter(tries::attempts.eq(attempts))
        .filter(tries::status.eq_any([RecipientStatus::Sending, RecipientStatus::Sent]));
    let error = |e: String| Some(e.chars().take(1000).collect::<String>());
    let set = |c: &mut DbConn, status: RecipientStatus, e: Option<String>| {
        diesel::update(row)
            .set((
                tries::status.eq(status),
                tries::error.eq(e),
                tries::sent_at.eq(None::<NaiveDateTime>),
            ))
            .execute(c)
    };
    match outcome {
        Outcome::Sent => {
            mark_sent(conn, id, attempts)?;
        }
        Outcome::Refused(e) => crate::db::transaction(conn, |c| {
            if set(c, RecipientStatus::Bounced, error(e.clone()))? > 0
                && let Some(contact) = contact_id
            {
                mark_bounced(c, contact, &e)?;
            }
            Ok::<_, Error>(())
        })?,
        Outcome::Temporary(e) => {
            let status = if attempts >= MAX_TRIES {
                RecipientStatus::Failed
            } else {
                RecipientStatus::Pending
            };
            set(conn, status, error(e))?;
        }
        Outcome::Failed(e) => {
            set(conn, RecipientStatus::Failed, error(e))?;
        }
        Outcome::Unknown(e) => {
            set(conn, RecipientStatus::Unknown, error(e))?;
        }
        Outcome::Skipped(reason) => {
            set(
                conn,
                RecipientStatus::Skipped,
                Some(reason.as_str().to_string()),
            )?;
        }
    }
    Ok(())
}

/// A mail server refused the address for good: no mail goes to it after this.
fn mark_bounced(conn: &mut DbConn, contact_id: i64, reason: &str) -> Result<()> {
    let reason: String = reason.chars().take(500).collect();
    let changed = diesel::update(
        contacts::table
            .find(contact_id)
            .filter(contacts::email_bounced_at.is_null()),
    )
    .set((
        contacts::email_bounced_at.eq(Some(now())),
        contacts::bounce_reason.eq(Some(&reason)),
    ))
    .execute(conn)?;
    if changed > 0 {
        history::record(conn, contact_id, None, history::Action::Bounced, &reason)?;
    }
    Ok(())
}
