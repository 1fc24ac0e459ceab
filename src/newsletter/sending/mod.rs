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

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::TextEnum;

mod audience;
mod batch;
mod deliver;
mod mail;
mod recipients;
mod start;

pub use audience::audience_size;
pub use batch::{Sender, run_batch, run_start};
pub use mail::{Addressee, Site, mail, queue_test, unsubscribe_url, web_url};
pub use recipients::{Recipient, recipients};
pub use start::{resend_unknown, start, start_scheduled, stop};

/// Starts a scheduled campaign at its time.
pub const START_JOB: &str = "campaign_start";
/// Sends the next pending mails of a campaign, then queues the next batch.
pub const BATCH_JOB: &str = "campaign_batch";

/// A recipient's row, from its start to its end (`campaign_recipients.status`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum RecipientStatus {
    Pending,
    /// Its SMTP transaction is under way (or was, when the server stopped).
    Sending,
    Sent,
    /// Could not be sent after several tries, or not a usable address.
    Failed,
    /// Refused for good by the mail server.
    Bounced,
    /// Its mail may or may not have left; never sent again unless someone asks.
    Unknown,
    /// Not sent: unsubscribed or bounced before its turn, or the sending was stopped.
    Skipped,
}

impl TextEnum for RecipientStatus {
    const ALL: &'static [Self] = &[
        RecipientStatus::Pending,
        RecipientStatus::Sending,
        RecipientStatus::Sent,
        RecipientStatus::Failed,
        RecipientStatus::Bounced,
        RecipientStatus::Unknown,
        RecipientStatus::Skipped,
    ];

    fn as_str(self) -> &'static str {
        match self {
            RecipientStatus::Pending => "pending",
            RecipientStatus::Sending => "sending",
            RecipientStatus::Sent => "sent",
            RecipientStatus::Failed => "failed",
            RecipientStatus::Bounced => "bounced",
            RecipientStatus::Unknown => "unknown",
            RecipientStatus::Skipped => "skipped",
        }
    }
}

crate::stored_as_text!(RecipientStatus);

/// Why a recipient's mail did not go (`campaign_recipients.error` of a `skipped` row, stored
/// as its word; the report shows it in the reader's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Unsubscribed between the start and their turn.
    Unsubscribed,
    /// The address bounced, or the person was erased, before their turn.
    Unreachable,
    /// Their subscription has no unsubscribe link to put in the mail.
    NoUnsubscribeLink,
    /// Someone stopped the sending.
    Stopped,
}

impl TextEnum for SkipReason {
    const ALL: &'static [Self] = &[
        SkipReason::Unsubscribed,
        SkipReason::Unreachable,
        SkipReason::NoUnsubscribeLink,
        SkipReason::Stopped,
    ];

    fn as_str(self) -> &'static str {
        match self {
            SkipReason::Unsubscribed => "unsubscribed",
            SkipReason::Unreachable => "unreachable",
            SkipReason::NoUnsubscribeLink => "no_unsubscribe_link",
            SkipReason::Stopped => "stopped",
        }
    }
}

/// A temporary refusal is tried this many times in all; then the row is `failed`.
pub const MAX_TRIES: i32 = 5;

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
