//! Campaigns: a newsletter written in Markdown, for one or several lists. A campaign is a
//! draft (edited, deleted), then scheduled or sent at once (`sending`), then `sent`; a sending
//! stopped half-way is `cancelled`. Cancelling a schedule gives the draft back. Once sending has
//! started nothing of it changes but its counts.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{
    DbConn, TextEnum, now,
    schema::{campaign_lists, campaign_recipients, campaigns, newsletter_lists, subscriptions},
};
use crate::error::{Error, FieldError, Result};
use crate::i18n::msg;
use crate::jobs;
use crate::newsletter::lists::{ListKind, SubscriptionStatus};
use crate::newsletter::sending::RecipientStatus;
use crate::site::{markdown, slugs};

/// Where a campaign is in its life.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    /// Being written: edited and deleted freely.
    Draft,
    /// Waits for its time; cancelling the schedule gives the draft back.
    Scheduled,
    Sending,
    Sent,
    /// Stopped half-way.
    Cancelled,
}

impl TextEnum for CampaignStatus {
    const ALL: &'static [Self] = &[
        CampaignStatus::Draft,
        CampaignStatus::Scheduled,
        CampaignStatus::Sending,
        CampaignStatus::Sent,
        CampaignStatus::Cancelled,
    ];

    fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Scheduled => "scheduled",
            CampaignStatus::Sending => "sending",
            CampaignStatus::Sent => "sent",
            CampaignStatus::Cancelled => "cancelled",
        }
    }
}

crate::stored_as_text!(CampaignStatus);

/// Addresses under `/newsletter/` that belong to the subscription pages, never to a campaign.
const RESERVED_SLUGS: [&str; 4] = ["subscribe", "embed", "confirm", "unsubscribe"];

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 200_000;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, Deserialize)]
#[diesel(table_name = campaigns)]
pub struct Campaign {
    pub id: i64,
    /// The address in the public archive: `/newsletter/{slug}`.
    pub slug: String,
    pub subject: String,
    /// The text as written, in Markdown.
    pub body_md: String,
    /// The text as HTML, sanitized.
    pub body_html: String,
    pub status: CampaignStatus,
    /// When a scheduled campaign starts (UTC).
    pub scheduled_at: Option<NaiveDateTime>,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub public_archive: bool,
    pub to_fediverse: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Campaign {
    pub fn is_draft(&self) -> bool {
        self.status == CampaignStatus::Draft
    }

    /// Sending has started: the campaign is read-only.
    pub fn has_started(&self) -> bool {
        matches!(
            self.status,
            CampaignStatus::Sending | CampaignStatus::Sent | CampaignStatus::Cancelled
        )
    }
}

/// What an editor writes: from the dashboard's form or a JSON body.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CampaignInput {
    #[serde(default)]
    pub subject: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// The ids of the lists it goes to; someone on several of them gets it once.
    #[serde(default)]
    pub lists: Vec<i64>,
    /// Shown in the public archive once sent. Left out: on when one of the lists is public.
    #[serde(default)]
    pub public_archive: Option<bool>,
    /// Also published to fediverse followers as an `Article` once sent.
    #[serde(default)]
    pub to_fediverse: bool,
}

/// A list as the campaign editor offers it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = newsletter_lists)]
pub struct ListChoice {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: ListKind,
}

/// Where a campaign's mails are: one count per recipient status, and the unsubscriptions
/// made from its link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Addresses it goes to (each once).
    pub recipients: i64,
    /// Not sent yet (waiting, or being handed to the mail server right now).
    pub pending: i64,
    pub sent: i64,
    /// Could not be sent after several tries, or not a usable address.
    pub failed: i64,
    /// Refused for good by the mail server: the address is marked and gets no more mail.
    pub bounced: i64,
    /// Was being sent when the server stopped: may or may not have left; never sent again
    /// unless someone asks.
    pub unknown: i64,
    /// Not sent because the person unsubscribed or bounced before their turn, or the sending
    /// was stopped.
    pub skipped: i64,
    /// People who unsubscribed with this campaign's link.
    pub unsubscribed: i64,
}

impl Counts {
    fn add(&mut self, status: RecipientStatus, n: i64) {
        self.recipients += n;
        match status {
            RecipientStatus::Pending | RecipientStatus::Sending => self.pending += n,
            RecipientStatus::Sent => self.sent += n,
            RecipientStatus::Failed => self.failed += n,
            RecipientStatus::Bounced => self.bounced += n,
            RecipientStatus::Unknown => self.unknown += n,
            RecipientStatus::Skipped => self.skipped += n,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

pub fn find(conn: &mut DbConn, id: i64) -> Result<Campaign> {
    campaigns::table
        .find(id)
        .select(Campaign::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Every campaign, newest first.
pub fn all(conn: &mut DbConn) -> Result<Vec<Campaign>> {
    Ok(campaigns::table
        .order(campaigns::id.desc())
        .select(Campaign::as_select())
        .load(conn)?)
}

/// Every newsletter list, for the editor's choice.
pub fn all_lists(conn: &mut DbConn) -> Result<Vec<ListChoice>> {
    Ok(newsletter_lists::table
        .order((newsletter_lists::name, newsletter_lists::id))
        .select(ListChoice::as_select())
        .load(conn)?)
}

/// The lists a campaign goes to.
pub fn lists_of(conn: &mut DbConn, id: i64) -> Result<Vec<ListChoice>> {
    Ok(newsletter_lists::table
        .inner_join(campaign_lists::table.on(campaign_lists::list_id.eq(newsletter_lists::id)))
        .filter(campaign_lists::campaign_id.eq(id))
        .order((newsletter_lists::name, newsletter_lists::id))
        .select(ListChoice::as_select())
        .load(conn)?)
}

pub fn counts(conn: &mut DbConn, id: i64) -> Result<Counts> {
    Ok(counts_of(conn, &[id])?.remove(&id).unwrap_or_default())
}

/// The counts of several campaigns in two queries.
pub fn counts_of(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, Counts>> {
    use diesel::dsl::count_star;
    let mut all: HashMap<i64, Counts> = ids.iter().map(|id| (*id, Counts::default())).collect();
    let rows: Vec<(i64, RecipientStatus, i64)> = campaign_recipients::table
        .filter(campaign_recipients::campaign_id.eq_any(ids))
        .group_by((
            campaign_recipients::campaign_id,
            campaign_recipients::status,
        ))
        .select((
            campaign_recipients::campaign_id,
            campaign_recipients::status,
            count_star(),
        ))
        .load(conn)?;
    for (id, status, n) in rows {
        all.entry(id).or_default().add(status, n);
    }
    let unsubscribed: Vec<(Option<i64>, i64)> = subscriptions::table
        .filter(subscriptions::unsubscribed_campaign_id.eq_any(ids))
        .filter(subscriptions::status.eq(SubscriptionStatus::Unsubscribed))
        .group_by(subscriptions::unsubscribed_campaign_id)
        .select((subscriptions::unsubscribed_campaign_id, count_star()))
        .load(conn)?;
    for (id, n) in unsubscribed {
        if let Some(id) = id {
            all.entry(id).or_default().unsubscribed = n;
        }
    }
    Ok(all)
}

// ---------------------------------------------------------------------------------------------
// Writing a draft

/// Checks what was typed; every mistake at once. Returns the lists, found.
pub fn check(conn: &mut DbConn, input: &CampaignInput) -> Result<Vec<ListChoice>> {
    let mut errors = Vec::new();
    let mut push = |field, code| errors.push(FieldError { field, code });
    let subject = input.subject.trim();
    if subject.is_empty() {
        push("subject", "campaign_subject_required");
    } else if subject.chars().count() > SUBJECT_MAX || subject.contains(['\r', '\n']) {
        push("subject", "campaign_subject_too_long");
    }
    if input.body.trim().is_empty() {
        push("body", "campaign_body_required");
    } else if input.body.len() > BODY_MAX {
        push("body", "campaign_body_too_long");
    }
    let mut wanted = input.lists.clone();
    wanted.sort_unstable();
    wanted.dedup();
    let lists: Vec<ListChoice> = newsletter_lists::table
        .filter(newsletter_lists::id.eq_any(&wanted))
        .select(ListChoice::as_select())
        .load(conn)?;
    if wanted.is_empty() {
        push("lists", "campaign_lists_required");
    } else if lists.len() != wanted.len() {
        push("lists", "campaign_list_unknown");
    }
    let lists_found = !wanted.is_empty() && lists.len() == wanted.len();
    if input.to_fediverse && lists_found && !archived(input, &lists) {
        // Followers fetch the newsletter at its page in the archive: it must be there.
        push("to_fediverse", "campaign_fediverse_needs_archive");
    }
    if errors.is_empty() {
        Ok(lists)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Writes a new draft. `today` (in the association's zone) starts its address.
pub fn create(
    conn: &mut DbConn,
    input: &CampaignInput,
    by: Option<i64>,
    today: NaiveDate,
) -> Result<Campaign> {
    crate::db::transaction(conn, |c| {
        let lists = check(c, input)?;
        let slug = free_slug(c, today, &input.subject, None)?;
        let at = now();
        let id: i64 = diesel::insert_into(campaigns::table)
            .values((
                campaigns::slug.eq(&slug),
                campaigns::subject.eq(input.subject.trim()),
                campaigns::body_md.eq(&input.body),
                campaigns::body_html.eq(markdown::to_html(&input.body)),
                campaigns::status.eq(CampaignStatus::Draft),
                campaigns::public_archive.eq(archived(input, &lists)),
                campaigns::to_fediverse.eq(input.to_fediverse),
                campaigns::created_by.eq(by),
                campaigns::created_at.eq(at),
                campaigns::updated_at.eq(at),
            ))
            .returning(campaigns::id)
            .get_result(c)?;
        set_lists(c, id, &lists)?;
        find(c, id)
    })
}

/// Saves an edit of a draft. A scheduled campaign must have its schedule cancelled first.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    input: &CampaignInput,
    today: NaiveDate,
) -> Result<Campaign> {
    crate::db::transaction(conn, |c| {
        let before = find(c, id)?;
        let lists = check(c, input)?;
        let slug = free_slug(c, today, &input.subject, Some(id))?;
        let changed = diesel::update(
            campaigns::table
                .find(id)
                .filter(campaigns::status.eq(CampaignStatus::Draft)),
        )
        .set((
            campaigns::slug.eq(&slug),
            campaigns::subject.eq(input.subject.trim()),
            campaigns::body_md.eq(&input.body),
            campaigns::body_html.eq(markdown::to_html(&input.body)),
            campaigns::public_archive.eq(archived(input, &lists)),
            campaigns::to_fediverse.eq(input.to_fediverse),
            campaigns::updated_at.eq(now()),
        ))
        .execute(c)?;
        if changed == 0 {
            return Err(not_a_draft(&before));
        }
        set_lists(c, id, &lists)?;
        find(c, id)
    })
}

/// Deletes a draft (or a campaign whose sending was stopped before anything left).
pub fn delete(conn: &mut DbConn, id: i64) -> Result<()> {
    crate::db::transaction(conn, |c| {
        let campaign = find(c, id)?;
        let sent = counts(c, id)?;
        let deletable = campaign.is_draft()
            || (campaign.status == CampaignStatus::Cancelled
                && sent.sent + sent.unknown + sent.bounced == 0);
        if !deletable {
            return Err(not_a_draft(&campaign));
        }
        diesel::delete(campaigns::table.find(id)).execute(c)?;
        Ok(())
    })
}

/// Shown in the archive: as asked, else when one of the lists is public.
fn archived(input: &CampaignInput, lists: &[ListChoice]) -> bool {
    input
        .public_archive
        .unwrap_or_else(|| lists.iter().any(|l| l.kind == ListKind::Public))
}

fn set_lists(conn: &mut DbConn, id: i64, lists: &[ListChoice]) -> Result<()> {
    diesel::delete(campaign_lists::table.filter(campaign_lists::campaign_id.eq(id)))
        .execute(conn)?;
    for list in lists {
        diesel::insert_into(campaign_lists::table)
            .values((
                campaign_lists::campaign_id.eq(id),
                campaign_lists::list_id.eq(list.id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn not_a_draft(campaign: &Campaign) -> Error {
    Error::conflict(match campaign.status {
        CampaignStatus::Scheduled => msg("error_campaign_scheduled"),
        _ => msg("error_campaign_sent"),
    })
}

/// The campaign's address: the date and the subject, `2026-12-01-programme-de-decembre`,
/// numbered when taken. It never is one of the subscription pages' addresses.
pub fn free_slug(
    conn: &mut DbConn,
    date: NaiveDate,
    subject: &str,
    except: Option<i64>,
) -> Result<String> {
    let base = slug_base(date, subject);
    Ok(slugs::unique(&base, |candidate| {
        if RESERVED_SLUGS.contains(&candidate) {
            return Ok(true);
        }
        let mut q = campaigns::table
            .filter(campaigns::slug.eq(candidate))
            .into_boxed();
        if let Some(id) = except {
            q = q.filter(campaigns::id.ne(id));
        }
        Ok(q.count().get_result::<i64>(conn)? > 0)
    })?)
}

fn slug_base(date: NaiveDate, subject: &str) -> String {
    let base = slugs::from_title(&format!("{} {subject}", date.format("%Y-%m-%d")), "lettre");
    if RESERVED_SLUGS.contains(&base.as_str()) {
        format!("{base}-lettre")
    } else {
        base
    }
}

// ---------------------------------------------------------------------------------------------
// Scheduling

/// A local time typed in the association's zone, as stored (UTC). A time that does not exist
/// (the hour skipped when clocks go forward) is refused; an ambiguous one takes the first.
pub fn local_to_utc(local: NaiveDateTime, tz: chrono_tz::Tz) -> Result<NaiveDateTime> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.naive_utc())
        .ok_or(Error::invalid("at", "campaign_time_invalid"))
}

/// Schedules a draft (or moves a schedule) to start at `at` (UTC), in the future.
pub fn schedule(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> Result<Campaign> {
    use chrono::SubsecRound;
    let at = at.trunc_subsecs(6);
    if at <= now() {
        return Err(Error::invalid("at", "campaign_time_past"));
    }
    crate::db::transaction(conn, |c| {
        let before = find(c, id)?;
        let changed =
            diesel::update(campaigns::table.find(id).filter(
                campaigns::status.eq_any([CampaignStatus::Draft, CampaignStatus::Scheduled]),
            ))
            .set((
                campaigns::status.eq(CampaignStatus::Scheduled),
                campaigns::scheduled_at.eq(Some(at)),
                campaigns::updated_at.eq(now()),
            ))
            .execute(c)?;
        if changed == 0 {
            return Err(not_a_draft(&before));
        }
        // The start job checks that the campaign is still scheduled for this very time, so a
        // schedule cancelled or moved leaves its old job with nothing to do.
        jobs::enqueue_at(
            c,
            super::sending::START_JOB,
            &super::sending::StartJob {
                campaign_id: id,
                at,
            },
            5,
            at,
        )?;
        find(c, id)
    })
}

/// Cancels a schedule: the campaign is a draft again.
pub fn unschedule(conn: &mut DbConn, id: i64) -> Result<Campaign> {
    crate::db::transaction(conn, |c| {
        let before = find(c, id)?;
        let changed = diesel::update(
            campaigns::table
                .find(id)
                .filter(campaigns::status.eq(CampaignStatus::Scheduled)),
        )
        .set((
            campaigns::status.eq(CampaignStatus::Draft),
            campaigns::scheduled_at.eq(None::<NaiveDateTime>),
            campaigns::updated_at.eq(now()),
        ))
        .execute(c)?;
        if changed == 0 {
            return Err(Error::conflict(match before.status {
                CampaignStatus::Draft => msg("error_campaign_not_scheduled"),
                _ => msg("error_campaign_started"),
            }));
        }
        find(c, id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_start_with_the_date_and_avoid_the_subscription_pages() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            slug_base(date, "Programme de décembre !"),
            "2026-12-01-programme-de-decembre"
        );
        assert_eq!(slug_base(date, "???"), "2026-12-01");
        for reserved in RESERVED_SLUGS {
            assert!(!slug_base(date, reserved).eq(reserved));
        }
    }

    #[test]
    fn local_times_become_utc_and_skipped_hours_are_refused() {
        let paris = chrono_tz::Europe::Paris;
        let winter = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(
            local_to_utc(winter, paris).unwrap(),
            winter - chrono::Duration::hours(1)
        );
        let skipped = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert!(local_to_utc(skipped, paris).is_err());
    }

    #[test]
    fn counts_put_each_status_in_its_place() {
        let mut c = Counts::default();
        for (s, n) in [
            (RecipientStatus::Pending, 2),
            (RecipientStatus::Sending, 1),
            (RecipientStatus::Sent, 5),
            (RecipientStatus::Bounced, 1),
            (RecipientStatus::Unknown, 1),
            (RecipientStatus::Skipped, 1),
        ] {
            c.add(s, n);
        }
        assert_eq!(
            (
                c.recipients,
                c.pending,
                c.sent,
                c.bounced,
                c.unknown,
                c.skipped
            ),
            (11, 3, 5, 1, 1, 1)
        );
    }
}
