//! The jobs that send: the start of a scheduled campaign, and the batches that take pending
//! rows, hand them to the mail server and queue what comes next.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use futures::StreamExt;

use super::deliver::deliver;
use super::mail::Site;
use super::start::start_scheduled;
use super::{BATCH_JOB, BatchJob, MAX_TRIES, RecipientStatus, SkipReason, StartJob};
use crate::app::effects::{self, ChatNotice, Effect, Publication};
use crate::db::{
    Db, DbConn, now,
    schema::{
        campaign_recipient_tries as tries, campaign_recipients, campaigns, contacts, subscriptions,
    },
};
use crate::error::{Error, Result};
use crate::jobs::{self, worker::JobError};
use crate::mail::{self, Mailer};
use crate::newsletter::campaigns as campaign;
use crate::newsletter::campaigns::CampaignStatus;
use crate::newsletter::lists::SubscriptionStatus;

/// How many mails are handed to the mail server at once: one per pooled SMTP connection.
const PARALLEL: usize = mail::SMTP_CONNECTIONS as usize;
/// A batch takes no new rows after this long, so that it ends well within the job lock.
const BATCH_BUDGET: Duration = Duration::from_secs(8);

/// What the batch jobs need, given by the application when it starts.
#[derive(Clone)]
pub struct Sender {
    pub db: Db,
    pub mailer: Mailer,
    pub site: Site,
    /// Mails per batch.
    pub batch: u32,
    /// Mails per minute; 0: no limit.
    pub rate: u32,
}

/// A row taken for sending, with what its mail needs.
pub(super) struct Taken {
    pub(super) id: i64,
    pub(super) email: String,
    pub(super) attempts: i32,
    pub(super) contact_id: Option<i64>,
    pub(super) lang: String,
    pub(super) token: Option<String>,
    /// Why it must not go after all (unsubscribed or bounced since the start).
    pub(super) skip: Option<SkipReason>,
}

#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Sent,
    Refused(String),
    Temporary(String),
    Failed(String),
    Unknown(String),
    Skipped(SkipReason),
}

/// The start job: starts a scheduled campaign at its time.
pub async fn run_start(sender: &Sender, payload: &str, tz: chrono_tz::Tz) -> Result<(), JobError> {
    let job: StartJob = serde_json::from_str(payload)
        .map_err(|e| JobError::Permanent(format!("bad campaign start job: {e}")))?;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let started = sender
        .db
        .run(move |c| start_scheduled(c, &job, today))
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    if let Some(n) = started {
        tracing::info!("campaign started at its scheduled time: {n} recipient(s)");
    }
    Ok(())
}

/// One batch job: sends up to `batch` pending mails of the campaign, then queues what comes
/// next (the next batch, at the rate's pace; or the end).
pub async fn run_batch(sender: &Sender, payload: &str) -> Result<(), JobError> {
    let job: BatchJob = serde_json::from_str(payload)
        .map_err(|e| JobError::Permanent(format!("bad campaign batch job: {e}")))?;
    let id = job.campaign_id;
    let began = Instant::now();
    let began_at = now();
    let retry = |e: Error| JobError::Retry(e.to_string());

    let campaign = sender
        .db
        .run(move |c| {
            let campaign = match campaign::find(c, id) {
                Ok(campaign) => campaign,
                Err(Error::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            };
            if campaign.status == CampaignStatus::Sending {
                expire_orphans(c, id)?;
            }
            Ok::<_, Error>(Some(campaign))
        })
        .await
        .map_err(retry)?;
    let Some(campaign) = campaign.filter(|c| c.status == CampaignStatus::Sending) else {
        return Ok(());
    };
    let campaign = Arc::new(campaign);

    let mut handled = 0usize;
    let mut backoff: Option<i32> = None;
    while handled < sender.batch as usize && began.elapsed() < BATCH_BUDGET {
        let want = PARALLEL.min(sender.batch as usize - handled);
        let taken = sender
            .db
            .run(move |c| take(c, id, want))
            .await
            .map_err(retry)?;
        if taken.is_empty() {
            break;
        }
        handled += taken.len();
        // Each mail in its own task: a batch dropped half-way (the process stopping) does not
        // cut a mail between the commit of `sent` and its final dot.
        let outcomes: Vec<(i32, Outcome)> = futures::stream::iter(taken)
            .map(|row| tokio::spawn(deliver(sender.clone(), campaign.clone(), row)))
            .buffer_unordered(PARALLEL)
            .filter_map(|done| async move { done.ok() })
            .collect()
            .await;
        // A mail server that asks to wait is given time: the rest waits for the next batch.
        if let Some(tries) = outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Temporary(_)))
            .map(|(tries, _)| *tries)
            .max()
        {
            backoff = Some(tries);
            break;
        }
    }

    let rate = sender.rate;
    sender
        .db
        .run(move |c| next_step(c, id, began_at, handled, rate, backoff))
        .await
        .map_err(retry)
}

/// Rows left `sending` for longer than a job's lock have no live sender, and were never
/// recorded sent: their final dot was never written, so they did not leave. They go back to the
/// queue (or end `failed` after their last try).
fn expire_orphans(conn: &mut DbConn, id: i64) -> Result<usize> {
    let cutoff = now() - jobs::LOCK;
    let orphans = tries::table
        .filter(tries::campaign_id.eq(id))
        .filter(tries::status.eq(RecipientStatus::Sending))
        .filter(tries::attempted_at.lt(cutoff));
    let again = diesel::update(orphans.filter(tries::attempts.lt(MAX_TRIES)))
        .set((
            tries::status.eq(RecipientStatus::Pending),
            tries::error.eq(Some(
                "the server stopped while this mail was being sent, before its end: it did not leave, and goes again",
            )),
        ))
        .execute(conn)?;
    let failed = diesel::update(orphans)
        .set((
            tries::status.eq(RecipientStatus::Failed),
            tries::error.eq(Some(
                "the server stopped each time this mail was being sent, before its end: it did not leave",
            )),
        ))
        .execute(conn)?;
    if again + failed > 0 {
        tracing::warn!(
            "campaign {id}: {again} mail(s) were being sent when their sender stopped, before their end; they did not leave and go again ({failed} after their last try: failed)"
        );
    }
    Ok(again + failed)
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    email: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    attempts: i32,
}

/// Takes up to `limit` pending rows and marks them `sending`, in one committed statement,
/// before any of them is handed to the mail server. On PostgreSQL `SKIP LOCKED` keeps two
/// senders from taking the same row; SQLite has one writer at a time.
fn take(conn: &mut DbConn, id: i64, limit: usize) -> Result<Vec<Taken>> {
    use diesel::sql_types::{BigInt, Timestamp};
    let sql = |lock: &str| {
        format!(
            "UPDATE campaign_recipients SET status = 'sending', attempts = attempts + 1, attempted_at = $1 \
             WHERE id IN (SELECT id FROM campaign_recipients WHERE campaign_id = $2 AND status = 'pending' \
             ORDER BY id LIMIT $3{lock}) RETURNING id, email, attempts"
        )
    };
    let at = now();
    let claimed: Vec<Claimed> = match conn {
        DbConn::Pg(c) => diesel::sql_query(sql(" FOR UPDATE SKIP LOCKED"))
            .bind::<Timestamp, _>(at)
            .bind::<BigInt, _>(id)
            .bind::<BigInt, _>(limit as i64)
            .load(c)?,
        // `?1` is the first bound parameter, as `$1` is on PostgreSQL (see jobs::claim).
        DbConn::Sqlite(c) => diesel::sql_query(sql("").replace('$', "?"))
            .bind::<Timestamp, _>(at)
            .bind::<BigInt, _>(id)
            .bind::<BigInt, _>(limit as i64)
            .load(c)?,
    };
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = claimed.iter().map(|r| r.id).collect();
    type Detail = (
        i64,
        Option<i64>,
        Option<String>,
        Option<SubscriptionStatus>,
        Option<String>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let details: HashMap<i64, Detail> = campaign_recipients::table
        .left_join(
            subscriptions::table.on(subscriptions::id
                .nullable()
                .eq(campaign_recipients::subscription_id)),
        )
        .left_join(contacts::table.on(contacts::id.nullable().eq(campaign_recipients::contact_id)))
        .filter(campaign_recipients::id.eq_any(&ids))
        .select((
            campaign_recipients::id,
            campaign_recipients::contact_id,
            subscriptions::unsubscribe_token.nullable(),
            subscriptions::status.nullable(),
            contacts::lang.nullable(),
            contacts::email_bounced_at.nullable(),
            contacts::anonymized_at.nullable(),
        ))
        .load::<Detail>(conn)?
        .into_iter()
        .map(|d| (d.0, d))
        .collect();
    let mut taken: Vec<Taken> = claimed
        .into_iter()
        .map(|r| {
            let (_, contact_id, token, status, lang, bounced, erased) =
                details.get(&r.id).cloned().unwrap_or_default();
            let skip = if status != Some(SubscriptionStatus::Confirmed) || token.is_none() {
                Some(SkipReason::Unsubscribed)
            } else if bounced.is_some() || erased.is_some() {
                Some(SkipReason::Unreachable)
            } else {
                None
            };
            Taken {
                id: r.id,
                email: r.email,
                attempts: r.attempts,
                contact_id,
                lang: lang.unwrap_or_default(),
                token,
                skip,
            }
        })
        .collect();
    taken.sort_by_key(|t| t.id);
    Ok(taken)
}

/// After a batch: the next batch at the rate's pace (later after a temporary refusal), a look
/// again once rows still being sent elsewhere have had their time, or the end.
fn next_step(
    conn: &mut DbConn,
    id: i64,
    began_at: NaiveDateTime,
    handled: usize,
    rate: u32,
    backoff: Option<i32>,
) -> Result<()> {
    crate::db::transaction(conn, |c| {
        let campaign = campaign::find(c, id)?;
        if campaign.status != CampaignStatus::Sending {
            return Ok(());
        }
        let job = BatchJob { campaign_id: id };
        let at = now();
        let pending: i64 = campaign_recipients::table
            .filter(campaign_recipients::campaign_id.eq(id))
            .filter(campaign_recipients::status.eq(RecipientStatus::Pending))
            .count()
            .get_result(c)?;
        if pending > 0 {
            let run_at = match (backoff, rate) {
                (Some(tries), _) => at + jobs::backoff(tries),
                (None, 0) => at,
                (None, rate) => {
                    began_at + chrono::Duration::milliseconds(handled as i64 * 60_000 / rate as i64)
                }
            };
            return jobs::enqueue_at(c, BATCH_JOB, &job, 20, run_at.max(at));
        }
        let in_flight: Option<NaiveDateTime> = tries::table
            .filter(tries::campaign_id.eq(id))
            .filter(tries::status.eq(RecipientStatus::Sending))
            .select(diesel::dsl::min(tries::attempted_at))
            .first(c)?;
        if let Some(oldest) = in_flight {
            // Sent elsewhere right now, or left by a sender that stopped: look again once
            // their lock has passed.
            let run_at = oldest + jobs::LOCK + chrono::Duration::seconds(1);
            return jobs::enqueue_at(c, BATCH_JOB, &job, 20, run_at.max(at));
        }
        let changed = diesel::update(
            campaigns::table
                .find(id)
                .filter(campaigns::status.eq(CampaignStatus::Sending)),
        )
        .set((
            campaigns::status.eq(CampaignStatus::Sent),
            campaigns::finished_at.eq(Some(at)),
            campaigns::updated_at.eq(at),
        ))
        .execute(c)?;
        // Marked sent now, by this job alone: the issue goes to fediverse followers when it
        // asked for it (and has a public page for them to open).
        if changed > 0 {
            let sent = campaign::find(c, id)?;
            let counts = campaign::counts(c, id)?;
            effects::record(
                c,
                Effect::Chat(ChatNotice::NewsletterSent {
                    subject: sent.subject.clone(),
                    sent: counts.sent,
                    failed: counts.failed + counts.unknown,
                    bounced: counts.bounced,
                }),
            )?;
            if sent.to_fediverse && sent.public_archive {
                let issue = Publication::IssueSent { campaign: sent };
                effects::record(c, Effect::Publish(issue))?;
            }
        }
        Ok(())
    })
}
