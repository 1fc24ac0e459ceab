//! Sending a campaign: durable, resumable, never twice.
//!
//! Starting writes, in one transaction, one `campaign_recipients` row per distinct address of
//! the confirmed subscriptions of the campaign's lists, and queues the first batch job. A batch
//! takes the next pending rows; each row is marked `sending` (committed) before its SMTP
//! transaction, and `sent` (committed) once the whole mail is with the mail server but for the
//! final dot that ends its DATA, which is written only after that commit (`mail::deliver_once`).
//! A server drops a transaction that has no end, so:
//! - a row found `sending` with no live sender (a crash, a lost database) certainly did not
//!   leave: after the job lock it goes back to `pending` and is sent, once;
//! - a row `sent` whose dot then met a refusal is corrected as any refusal: a 5xx makes it
//!   `bounced` (and the contact's address bounced), a 4xx puts it back in the queue a few
//!   times, then `failed`; a server that closed the connection before the dot, the same as 4xx;
//! - a row `sent` whose dot got no answer (the connection broke, or no reply within the send
//!   timeout) becomes `unknown`: the server may have kept it; it is never sent again unless
//!   someone asks.
//!
//! What stays uncertain after a crash: between the commit of `sent` and the write of the dot
//! (one `write()`), a mail recorded sent that did not leave; between the dot and its reply, a
//! mail recorded sent that the server may have refused. Each batch queues the next one, at the
//! pace the rate allows; when nothing is left the campaign is `sent`.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::{Duration, Instant},
};

use askama::Template;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::campaigns::{self as campaign, Campaign};
use crate::app::effects::{self, Effect, Publication};
use crate::db::{
    Db, DbConn, now,
    schema::{
        campaign_lists, campaign_recipient_tries as tries, campaign_recipients, campaigns,
        contacts, membership_people, memberships, newsletter_lists, subscriptions,
    },
};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::jobs::{self, worker::JobError};
use crate::mail::{self, Handed, Mail, Mailer, SendError};
use crate::members::history;

/// Starts a scheduled campaign at its time.
pub const START_JOB: &str = "campaign_start";
/// Sends the next pending mails of a campaign, then queues the next batch.
pub const BATCH_JOB: &str = "campaign_batch";

/// A recipient's row, from its start to its end.
pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const BOUNCED: &str = "bounced";
pub const UNKNOWN: &str = "unknown";
pub const SKIPPED: &str = "skipped";

/// A temporary refusal is tried this many times in all; then the row is `failed`.
pub const MAX_TRIES: i32 = 5;
/// How many mails are handed to the mail server at once: one per pooled SMTP connection.
const PARALLEL: usize = mail::SMTP_CONNECTIONS as usize;
/// A batch takes no new rows after this long, so that it ends well within the job lock.
const BATCH_BUDGET: Duration = Duration::from_secs(8);
/// The longest the mail server may take to get one mail up to its final dot (past it, the mail
/// did not leave), and again to answer the dot (past it, whether it left is unknown).
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StartJob {
    pub campaign_id: i64,
    /// The time it was scheduled for: a schedule moved or cancelled leaves this job idle.
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BatchJob {
    pub campaign_id: i64,
}

// ---------------------------------------------------------------------------------------------
// Who gets it

/// One address a campaign goes to.
#[derive(Debug, Clone)]
struct Target {
    email: String,
    contact_id: i64,
    /// None for a member whose subscription to the members' list is made when sending starts.
    subscription_id: Option<i64>,
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
fn audience(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<Vec<Target>> {
    let rows: Vec<(Option<String>, i64, i64, String)> = subscriptions::table
        .inner_join(contacts::table.on(contacts::id.eq(subscriptions::contact_id)))
        .inner_join(campaign_lists::table.on(campaign_lists::list_id.eq(subscriptions::list_id)))
        .inner_join(newsletter_lists::table.on(newsletter_lists::id.eq(subscriptions::list_id)))
        .filter(campaign_lists::campaign_id.eq(id))
        .filter(subscriptions::status.eq("confirmed"))
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
    let members = if rows.iter().any(|r| r.3 == "members") {
        current_members(conn, today)?
    } else {
        HashSet::new()
    };
    let mut seen = HashSet::new();
    let mut targets = Vec::new();
    for (email, contact_id, subscription_id, kind) in rows {
        let Some(email) = email else { continue };
        if kind == "members" && !members.contains(&contact_id) {
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

/// The contacts who are members today: by their own membership, or covered by a family one.
fn current_members(conn: &mut DbConn, today: NaiveDate) -> Result<HashSet<i64>> {
    let mut ids: HashSet<i64> = memberships::table
        .filter(memberships::ends_on.ge(today))
        .select(memberships::contact_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    ids.extend(
        membership_people::table
            .inner_join(memberships::table.on(memberships::id.eq(membership_people::membership_id)))
            .filter(memberships::ends_on.ge(today))
            .select(membership_people::contact_id)
            .load::<i64>(conn)?,
    );
    Ok(ids)
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
        .filter(newsletter_lists::kind.eq("members"))
        .select(newsletter_lists::id)
        .load(conn)?;
    if lists.is_empty() {
        return Ok(Vec::new());
    }
    let members = current_members(conn, today)?;
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
    status: &'static str,
    unsubscribe_token: String,
    source: &'static str,
    created_at: NaiveDateTime,
    confirmed_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = campaign_recipients, treat_none_as_default_value = false)]
struct NewRecipient<'a> {
    campaign_id: i64,
    contact_id: Option<i64>,
    subscription_id: Option<i64>,
    email: &'a str,
    status: &'static str,
}

/// Subscribes the current members to the campaign's members' lists (confirmed, by their
/// membership). Returns how many subscriptions were made.
fn subscribe_members(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<usize> {
    let new = members_to_subscribe(conn, id, today)?;
    let at = now();
    for chunk in new.chunks(500) {
        let rows: Vec<NewSubscription> = chunk
            .iter()
            .map(|(list, contact, _)| NewSubscription {
                list_id: *list,
                contact_id: *contact,
                status: "confirmed",
                unsubscribe_token: super::subscriptions::new_unsubscribe_token(),
                source: "membership",
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
            history::SUBSCRIBED,
            "membership: members' list",
        )?;
    }
    Ok(new.len())
}

// ---------------------------------------------------------------------------------------------
// Starting

/// Starts sending now: the recipients' rows and the first batch job, in one transaction.
/// Returns the number of recipients. A campaign already started is a conflict.
pub fn start(conn: &mut DbConn, id: i64, today: NaiveDate) -> Result<usize> {
    crate::db::transaction(conn, |c| {
        let campaign = campaign::find(c, id)?;
        let at = now();
        // The guard against two starts: only one of them finds the campaign not yet sending.
        let changed = diesel::update(
            campaigns::table
                .find(id)
                .filter(campaigns::status.eq_any([campaign::DRAFT, campaign::SCHEDULED])),
        )
        .set((
            campaigns::status.eq(campaign::SENDING),
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
                    status: PENDING,
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
    if campaign.status != campaign::SCHEDULED || campaign.scheduled_at != Some(job.at) {
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
        if !matches!(campaign.status.as_str(), campaign::SENDING | campaign::SENT) {
            return Err(Error::conflict("error_campaign_not_sending"));
        }
        let again = diesel::update(
            tries::table
                .filter(tries::campaign_id.eq(id))
                .filter(tries::status.eq(UNKNOWN)),
        )
        .set((
            tries::status.eq(PENDING),
            tries::error.eq(None::<String>),
            tries::attempts.eq(0),
        ))
        .execute(c)?;
        if again == 0 {
            return Ok(0);
        }
        diesel::update(campaigns::table.find(id))
            .set((
                campaigns::status.eq(campaign::SENDING),
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
                .filter(campaigns::status.eq(campaign::SENDING)),
        )
        .set((
            campaigns::status.eq(campaign::CANCELLED),
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
                .filter(campaign_recipients::status.eq(PENDING)),
        )
        .set((
            campaign_recipients::status.eq(SKIPPED),
            campaign_recipients::error.eq(Some("stopped")),
        ))
        .execute(c)?;
        campaign::find(c, id)
    })
}

// ---------------------------------------------------------------------------------------------
// The recipients, for the report

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = campaign_recipients)]
pub struct Recipient {
    pub id: i64,
    pub contact_id: Option<i64>,
    pub email: String,
    /// pending, sending, sent, failed, bounced, unknown, skipped
    pub status: String,
    pub error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
}

/// A page of a campaign's recipients in the order they are sent, optionally of one status;
/// and how many there are in all.
pub fn recipients(
    conn: &mut DbConn,
    id: i64,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Recipient>, i64)> {
    let query = || {
        let mut q = campaign_recipients::table
            .filter(campaign_recipients::campaign_id.eq(id))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(campaign_recipients::status.eq(s.to_string()));
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let page = query()
        .order(campaign_recipients::id)
        .offset(offset.max(0))
        .limit(limit.clamp(1, 1000))
        .select(Recipient::as_select())
        .load(conn)?;
    Ok((page, total))
}

// ---------------------------------------------------------------------------------------------
// The mail

/// What every campaign mail needs to know about the site.
#[derive(Debug, Clone)]
pub struct Site {
    /// `https://asso.example`, without the trailing slash.
    pub base: String,
    pub name: String,
    /// The host, for Message-IDs.
    pub domain: String,
}

impl Site {
    pub fn new(settings: &crate::config::Settings) -> Site {
        Site {
            base: settings.base().to_string(),
            name: settings.name.clone(),
            domain: settings
                .base_url
                .host_str()
                .unwrap_or("localhost")
                .to_string(),
        }
    }
}

/// Whom one mail is for.
#[derive(Debug, Clone)]
pub struct Addressee {
    /// The recipient's row; None for a test.
    pub recipient_id: Option<i64>,
    pub email: String,
    /// `fr` or `en`.
    pub lang: String,
    pub unsubscribe_token: String,
}

#[derive(Template)]
#[template(path = "mail/campaign.txt")]
struct TextMail<'a> {
    lang: Lang,
    site: &'a str,
    subject: &'a str,
    body: &'a str,
    web_url: Option<String>,
    unsubscribe_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/campaign.html")]
struct HtmlMail<'a> {
    lang: Lang,
    site: &'a str,
    subject: &'a str,
    body_html: &'a str,
    web_url: Option<String>,
    unsubscribe_url: &'a str,
}

/// The link that unsubscribes in one click (RFC 8058), served by the subscription pages.
pub fn unsubscribe_url(site: &Site, token: &str, campaign_id: i64) -> String {
    crate::urls::absolute(
        &site.base,
        &crate::urls::unsubscribe_from_campaign(token, campaign_id),
    )
}

/// The campaign's page in the public archive, when it is kept there.
pub fn web_url(site: &Site, campaign: &Campaign) -> Option<String> {
    campaign
        .public_archive
        .then(|| crate::urls::absolute(&site.base, &crate::urls::newsletter_issue(&campaign.slug)))
}

/// One campaign mail: text and HTML, the one-click unsubscribe headers and link, a Message-ID
/// that stays the same for this campaign and this recipient.
pub fn mail(site: &Site, campaign: &Campaign, to: &Addressee) -> Result<Mail> {
    let lang = Lang::from_code(&to.lang);
    let unsubscribe = unsubscribe_url(site, &to.unsubscribe_token, campaign.id);
    let text = TextMail {
        lang,
        site: &site.name,
        subject: &campaign.subject,
        body: campaign.body_md.trim(),
        web_url: web_url(site, campaign),
        unsubscribe_url: &unsubscribe,
    }
    .render()
    .map_err(Error::internal)?;
    let html = HtmlMail {
        lang,
        site: &site.name,
        subject: &campaign.subject,
        body_html: &campaign.body_html,
        web_url: web_url(site, campaign),
        unsubscribe_url: &unsubscribe,
    }
    .render()
    .map_err(Error::internal)?;
    let mut headers = vec![
        ("List-Unsubscribe".to_string(), format!("<{unsubscribe}>")),
        (
            "List-Unsubscribe-Post".to_string(),
            "List-Unsubscribe=One-Click".to_string(),
        ),
    ];
    if let Some(rid) = to.recipient_id {
        headers.push((
            "Message-ID".to_string(),
            format!("<campaign-{}-{rid}@{}>", campaign.id, site.domain),
        ));
    }
    Ok(Mail {
        to: to.email.clone(),
        subject: campaign.subject.clone(),
        text,
        html: Some(html),
        headers,
    })
}

/// Queues a test of the campaign to one address: "[Test]" before the subject, nothing counted.
pub fn queue_test(
    conn: &mut DbConn,
    site: &Site,
    campaign: &Campaign,
    to: &str,
    lang: &str,
) -> Result<String> {
    let to = crate::accounts::users::normalize_email(to)
        .map_err(|_| Error::invalid("to", "email_invalid"))?;
    let mut mail = mail(
        site,
        campaign,
        &Addressee {
            recipient_id: None,
            email: to.clone(),
            lang: lang.to_string(),
            unsubscribe_token: "test".into(),
        },
    )?;
    mail.subject = format!("[Test] {}", mail.subject);
    effects::record(conn, Effect::Mail(mail))?;
    Ok(to)
}

// ---------------------------------------------------------------------------------------------
// The batches

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
struct Taken {
    id: i64,
    email: String,
    attempts: i32,
    contact_id: Option<i64>,
    lang: String,
    token: Option<String>,
    /// Why it must not go after all (unsubscribed or bounced since the start).
    skip: Option<&'static str>,
}

#[derive(Debug, Clone)]
enum Outcome {
    Sent,
    Refused(String),
    Temporary(String),
    Failed(String),
    Unknown(String),
    Skipped(&'static str),
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
            if campaign.status == campaign::SENDING {
                expire_orphans(c, id)?;
            }
            Ok::<_, Error>(Some(campaign))
        })
        .await
        .map_err(retry)?;
    let Some(campaign) = campaign.filter(|c| c.status == campaign::SENDING) else {
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
        .filter(tries::status.eq(SENDING))
        .filter(tries::attempted_at.lt(cutoff));
    let again = diesel::update(orphans.filter(tries::attempts.lt(MAX_TRIES)))
        .set((
            tries::status.eq(PENDING),
            tries::error.eq(Some(
                "the server stopped while this mail was being sent, before its end: it did not leave, and goes again",
            )),
        ))
        .execute(conn)?;
    let failed = diesel::update(orphans)
        .set((
            tries::status.eq(FAILED),
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
        Option<String>,
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
            let skip = if status.as_deref() != Some("confirmed") || token.is_none() {
                Some("unsubscribed before this mail left")
            } else if bounced.is_some() || erased.is_some() {
                Some("the address bounced, or the person was erased, before this mail left")
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

/// Hands one row's mail to the mail server, recording it sent just before its final dot, then
/// corrects the record if the server did not take it after all; returns the row's tries and
/// the outcome.
async fn deliver(sender: Sender, campaign: Arc<Campaign>, row: Taken) -> (i32, Outcome) {
    let (id, contact_id, attempts) = (row.id, row.contact_id, row.attempts);
    let outcome = match (row.skip, &row.token) {
        (Some(reason), _) => Outcome::Skipped(reason),
        (None, None) => Outcome::Skipped("no unsubscribe link"),
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
            .filter(tries::status.eq(SENDING))
            .filter(tries::attempts.eq(attempts)),
    )
    .set((
        tries::status.eq(SENT),
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
        .filter(tries::status.eq_any([SENDING, SENT]));
    let error = |e: String| Some(e.chars().take(1000).collect::<String>());
    let set = |c: &mut DbConn, status: &str, e: Option<String>| {
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
            if set(c, BOUNCED, error(e.clone()))? > 0
                && let Some(contact) = contact_id
            {
                mark_bounced(c, contact, &e)?;
            }
            Ok::<_, Error>(())
        })?,
        Outcome::Temporary(e) => {
            let status = if attempts >= MAX_TRIES {
                FAILED
            } else {
                PENDING
            };
            set(conn, status, error(e))?;
        }
        Outcome::Failed(e) => {
            set(conn, FAILED, error(e))?;
        }
        Outcome::Unknown(e) => {
            set(conn, UNKNOWN, error(e))?;
        }
        Outcome::Skipped(reason) => {
            set(conn, SKIPPED, Some(reason.to_string()))?;
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
        history::record(conn, contact_id, None, history::BOUNCED, &reason)?;
    }
    Ok(())
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
        if campaign.status != campaign::SENDING {
            return Ok(());
        }
        let job = BatchJob { campaign_id: id };
        let at = now();
        let pending: i64 = campaign_recipients::table
            .filter(campaign_recipients::campaign_id.eq(id))
            .filter(campaign_recipients::status.eq(PENDING))
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
            .filter(tries::status.eq(SENDING))
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
                .filter(campaigns::status.eq(campaign::SENDING)),
        )
        .set((
            campaigns::status.eq(campaign::SENT),
            campaigns::finished_at.eq(Some(at)),
            campaigns::updated_at.eq(at),
        ))
        .execute(c)?;
        // Marked sent now, by this job alone: the issue goes to fediverse followers when it
        // asked for it (and has a public page for them to open).
        if changed > 0 {
            let sent = campaign::find(c, id)?;
            if sent.to_fediverse && sent.public_archive {
                let issue = Publication::IssueSent { campaign: sent };
                effects::record(c, Effect::Publish(issue))?;
            }
        }
        Ok(())
    })
}
