//! Starting, stopping and resuming a campaign's sending: the recipients' rows and the jobs.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::audience::{audience, subscribe_members};
use super::{BATCH_JOB, BatchJob, RecipientStatus, SkipReason, StartJob};
use crate::db::TextEnum;
use crate::db::{
    DbConn, now,
    schema::{campaign_recipient_tries as tries, campaign_recipients, campaigns},
};
use crate::error::{Error, Result};
use crate::jobs;
use crate::newsletter::campaigns::CampaignStatus;
use crate::newsletter::campaigns::{self as campaign, Campaign};

#[derive(Insertable)]
#[diesel(table_name = campaign_recipients, treat_none_as_default_value = false)]
struct NewRecipient<'a> {
    campaign_id: i64,
    contact_id: Option<i64>,
    subscription_id: Option<i64>,
    email: &'a str,
    status: RecipientStatus,
}

/// Starts sending now: the recipients' rows and the first batch job, in one transaction.
/// Returns the number of recipients. A campaign already started is a conflict.
pub fn start(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<usize> {
    crate::db::transaction(conn, |c| {
        let campaign = campaign::find(c, id)?;
        let at = now();
        // The guard against two starts: only one of them finds the campaign not yet sending.
        let changed =
            diesel::update(campaigns::table.find(id).filter(
                campaigns::status.eq_any([CampaignStatus::Draft, CampaignStatus::Scheduled]),
            ))
            .set((
                campaigns::status.eq(CampaignStatus::Sending),
                campaigns::started_at.eq(Some(at)),
                campaigns::updated_at.eq(at),
                // Its address in the archive carries the day it was sent.
                campaigns::slug.eq(campaign::free_slug(c, today, &campaign.subject, Some(id))?),
            ))
            .execute(c)?;
        if changed == 0 {
            return Err(Error::conflict("error_campaign_already_sent"));
        }
        subscribe_members(c, id, today)?;
        let targets = audience(c, id, today)?;
        for chunk in targets.chunks(500) {
            let rows: Vec<NewRecipient> = chunk
                .iter()
                .map(|t| NewRecipient {
                    campaign_id: id,
                    contact_id: Some(t.contact_id),
                    subscription_id: t.subscription_id,
                    email: &t.email,
                    status: RecipientStatus::Pending,
                })
                .collect();
            match c {
                DbConn::Sqlite(c) => diesel::insert_into(campaign_recipients::table)
                    .values(&rows)
                    .on_conflict_do_nothing()
                    .execute(c)?,
                DbConn::Pg(c) => diesel::insert_into(campaign_recipients::table)
                    .values(&rows)
                    .on_conflict_do_nothing()
                    .execute(c)?,
            };
        }
        jobs::enqueue(c, BATCH_JOB, &BatchJob { campaign_id: id }, 20)?;
        Ok(targets.len())
    })
}

/// The start job of a scheduled campaign: starts it if it is still scheduled for that time.
/// Returns the number of recipients, or None when there was nothing to do.
pub fn start_scheduled(
    conn: &mut DbConn,
    job: &StartJob,
    today: NaiveDate,
) -> Result<Option<usize>> {
    let campaign = match campaign::find(conn, job.campaign_id) {
        Ok(c) => c,
        Err(Error::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    if campaign.status != CampaignStatus::Scheduled || campaign.scheduled_at != Some(job.at) {
        return Ok(None);
    }
    match start(conn, job.campaign_id, today) {
        Ok(n) => Ok(Some(n)),
        Err(Error::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sends again to the recipients whose mail may not have left (`unknown`): someone decided
/// so. Returns how many are queued again.
pub fn resend_unknown(conn: &mut DbConn, id: i64) -> Result<usize> {
    crate::db::transaction(conn, |c| {
        let campaign = campaign::find(c, id)?;
        if !matches!(
            campaign.status,
            CampaignStatus::Sending | CampaignStatus::Sent
        ) {
            return Err(Error::conflict("error_campaign_not_sending"));
        }
        let again = diesel::update(
            tries::table
                .filter(tries::campaign_id.eq(id))
                .filter(tries::status.eq(RecipientStatus::Unknown)),
        )
        .set((
            tries::status.eq(RecipientStatus::Pending),
            tries::error.eq(None::<String>),
            tries::attempts.eq(0),
        ))
        .execute(c)?;
        if again == 0 {
            return Ok(0);
        }
        diesel::update(campaigns::table.find(id))
            .set((
                campaigns::status.eq(CampaignStatus::Sending),
                campaigns::finished_at.eq(None::<NaiveDateTime>),
            ))
            .execute(c)?;
        let job = BatchJob { campaign_id: id };
        if !jobs::is_pending(c, BATCH_JOB, &job)? {
            jobs::enqueue(c, BATCH_JOB, &job, 20)?;
        }
        Ok(again)
    })
}

/// Stops a campaign being sent: what has not left yet will not. The mails being handed to the
/// mail server right now still end as they end.
pub fn stop(conn: &mut DbConn, id: i64) -> Result<Campaign> {
    crate::db::transaction(conn, |c| {
        let at = now();
        let changed = diesel::update(
            campaigns::table
                .find(id)
                .filter(campaigns::status.eq(CampaignStatus::Sending)),
        )
        .set((
            campaigns::status.eq(CampaignStatus::Cancelled),
            campaigns::finished_at.eq(Some(at)),
            campaigns::updated_at.eq(at),
        ))
        .execute(c)?;
        if changed == 0 {
            campaign::find(c, id)?;
            return Err(Error::conflict("error_campaign_not_sending"));
        }
        diesel::update(
            campaign_recipients::table
                .filter(campaign_recipients::campaign_id.eq(id))
                .filter(campaign_recipients::status.eq(RecipientStatus::Pending)),
        )
        .set((
            campaign_recipients::status.eq(RecipientStatus::Skipped),
            campaign_recipients::error.eq(Some(SkipReason::Stopped.as_str())),
        ))
        .execute(c)?;
        campaign::find(c, id)
    })
}
