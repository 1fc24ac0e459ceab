//! What must happen after a change, as values of one type, recorded in the change's own
//! transaction as durable jobs: a change is never committed without what follows it, nor the
//! other way round. This is Lemmy's `SendActivityData`, made durable.
//!
//! The domain and the use cases call [`record`]; nothing else writes a job that leaves the
//! process. Each face turns its effects into their wire form in one place, given to the workers
//! by `server::job_handlers`: `Publish` becomes activities in `federation::publications`,
//! `Answer` and `Counts` in `federation::rsvp`, `Welcome` in `federation::activities::follow`, `Mail` becomes a message in `mail`,
//! `ReleaseHold` comes back to `app::registrations`, `Chat` is posted by `notifications`. An effect's job kind and payload are its wire form in the queue,
//! kept as they were when each kind had its own `enqueue`, so that queued jobs survive upgrades.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::{DbConn, now};
use crate::error::Result;
use crate::events::Event;
use crate::jobs;
use crate::mail::Mail;
use crate::newsletter::campaigns::Campaign;
use crate::site::posts::Post;

/// One thing that must happen once the change that caused it is committed.
// Effects live for the length of a transaction and are serialized at once: boxing the large
// variants would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Effect {
    /// A mail to one person.
    Mail(Mail),
    /// Followers are told of a change to something public.
    Publish(Publication),
    /// A person who registered from the fediverse is told what became of it, on their channel
    /// (an `Accept` or `Reject` of their `Join`, or a direct message).
    Answer(Answer),
    /// A new follower is told their `Follow` was accepted.
    Welcome(Welcome),
    /// An event's numbers (participants, places left) are republished to followers, a minute
    /// later, once for all the changes of that minute.
    Counts { event_id: i64 },
    /// A held web registration is released at its deadline if nobody confirmed it.
    ReleaseHold {
        registration_id: i64,
        at: NaiveDateTime,
    },
    /// Something the association's chat may hear of: kept for the notification rules that want
    /// its kind (none: nothing is kept), posted once a minute per rule (`notifications`).
    Chat(ChatNotice),
}

/// What followers are told. Each carries the record as it was at the change, so that what is
/// sent is what was decided, even when the record changes or goes before the job runs.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "publication", rename_all = "snake_case")]
pub enum Publication {
    PostCreated {
        post: Post,
    },
    PostUpdated {
        post: Post,
    },
    PostDeleted {
        post: Post,
    },
    EventCreated {
        event: Event,
    },
    /// An edit, a change of capacity or a cancellation: `before` tells which states changed.
    EventUpdated {
        before: Event,
        after: Event,
    },
    EventDeleted {
        event: Event,
    },
    /// A newsletter issue sent with "also to the fediverse".
    IssueSent {
        campaign: Campaign,
    },
}

/// The answer to a fediverse registrant: the registration, what became of it, and the words
/// (the same as the mail's), with the link to cancel.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    pub registration_id: i64,
    #[serde(flatten)]
    pub notice: crate::events::notices::Notice,
    pub cancel_url: String,
    pub text: String,
}

/// What the chat hears of, with what its message needs, as it was at the change. The kind of
/// each (what a rule chooses) is `notifications::NoticeKind`; the words are the catalogues'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum ChatNotice {
    /// A seat taken: a new registration, an approved one, or one promoted from the waiting list.
    Registered {
        event: EventRef,
        name: String,
        confirmed: i32,
        capacity: Option<i32>,
        promoted: bool,
    },
    Waitlisted {
        event: EventRef,
        name: String,
        position: i64,
    },
    Cancelled {
        event: EventRef,
        name: String,
    },
    /// The last seat was taken.
    EventFull {
        event: EventRef,
        capacity: i32,
    },
    /// A registration waits for an organizer's approval.
    AwaitingApproval {
        event: EventRef,
        name: String,
    },
    /// A membership recorded: a new member, or a renewal.
    Membership {
        name: String,
        category: String,
        renewal: bool,
    },
    /// A newsletter issue went to everyone, with where its mails are.
    NewsletterSent {
        subject: String,
        sent: i64,
        failed: i64,
        bounced: i64,
    },
    /// Someone followed the association from the fediverse.
    Follower {
        actor: String,
    },
    /// A reply to the association, or a mention of it, from the fediverse.
    Mention {
        actor: String,
        url: String,
        excerpt: String,
    },
    /// A job failed for good (a mail, a delivery...): an admin should look at the job page.
    JobFailed {
        job_id: i64,
        kind: String,
        error: String,
    },
}

/// An event as a chat message names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRef {
    pub id: i64,
    pub title: String,
    pub url: String,
}

/// The job kinds of effects, one per variant; the workers' handlers are keyed by them.
pub mod kinds {
    pub const MAIL: &str = "mail";
    pub const PUBLISH: &str = "publish";
    pub const ANSWER: &str = "rsvp-notice";
    pub const COUNTS: &str = "event-counts";
    pub const WELCOME: &str = "follow-accept";
    pub const RELEASE_HOLD: &str = "registration-hold";
    pub const CHAT: &str = "chat";
}

/// How long registration changes are gathered before the numbers are republished.
pub const COUNTS_DELAY: Duration = Duration::seconds(60);

/// The payload of a `Welcome` job: whom to tell, and which of their `Follow`s is accepted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub actor_id: String,
    pub inbox: String,
    pub follow_id: String,
}

/// The payload of a `Counts` job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountsUpdate {
    pub event_id: i64,
}

/// The payload of a `chat` job: post what waits for this rule (`notifications::batches`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatPost {
    pub rule_id: i64,
}

/// The payload of a `ReleaseHold` job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HoldRelease {
    pub registration_id: i64,
}

/// Records the effect as a job, in the caller's transaction. The workers take it once the
/// transaction commits and the use case wakes them.
pub fn record(conn: &mut DbConn, effect: Effect) -> Result<()> {
    match effect {
        // Six tries over about half an hour: a mail server that is down for longer is the
        // operator's to fix, and the job page shows the failure.
        Effect::Mail(mail) => jobs::enqueue(conn, kinds::MAIL, &mail, 6),
        Effect::Publish(publication) => jobs::enqueue(conn, kinds::PUBLISH, &publication, 8),
        Effect::Answer(answer) => jobs::enqueue(conn, kinds::ANSWER, &answer, 8),
        Effect::Welcome(welcome) => jobs::enqueue(conn, kinds::WELCOME, &welcome, 8),
        Effect::Counts { event_id } => {
            let payload = CountsUpdate { event_id };
            // One waiting job per event is enough: it reads the numbers when it runs.
            if jobs::is_pending(conn, kinds::COUNTS, &payload)? {
                return Ok(());
            }
            jobs::enqueue_at(conn, kinds::COUNTS, &payload, 5, now() + COUNTS_DELAY)
        }
        Effect::ReleaseHold {
            registration_id,
            at,
        } => jobs::enqueue_at(
            conn,
            kinds::RELEASE_HOLD,
            &HoldRelease { registration_id },
            8,
            at,
        ),
        // Kept for the rules that want it; one `chat` job per rule posts what gathered.
        Effect::Chat(notice) => crate::notifications::batches::keep(conn, &notice),
    }
}
