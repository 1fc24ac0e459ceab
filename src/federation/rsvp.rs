//! Registrations from the fediverse, both ways.
//!
//! In: every RSVP activity (`Join`, a poll vote, Friendica's `Accept`/`TentativeAccept`) ends in
//! `register` here, which calls the domain's `registrations::register` with the signer as the
//! attendee; `Leave`, `Undo` and `Reject` end in `cancel`. The domain queues the answer.
//!
//! Out: the domain's answers to fediverse registrants are jobs of kind `rsvp-notice`; `run_notice`
//! turns each into an activity from the association (the actor in the event's `attributedTo`):
//!
//! | channel | confirmed, promoted | waiting list, pending | refused, event cancelled | own cancellation | message |
//! |---|---|---|---|---|---|
//! | `Join` (Mobilizon) | `Accept` of the Join | direct message (reference §6.3) | `Reject` of the Join | nothing | direct message |
//! | poll vote, Friendica `Accept` | direct message | direct message | direct message | direct message | direct message |
//!
//! A direct message is a `Create{Note}` addressed to the person only, with a `Mention`, whose
//! text is the notice's, escaped, with its links (the cancel link first) made links. Everything
//! leaves through the durable delivery jobs.
//!
//! And the numbers: after registrations change, the domain (`events::notices::counts_changed`)
//! queues one delayed `event-counts` job per event (a minute later, unless one is already waiting), which sends the
//! `Update` of the event with `participantCount` and `remainingAttendeeCapacity` as they are
//! when it runs, and of the poll (closed when full).

use activitypub_federation::{
    config::{Data, FederationConfig},
    fetch::object_id::ObjectId,
    kinds::{
        activity::{AcceptType, CreateType, JoinType, RejectType},
        link::MentionType,
        object::NoteType,
    },
    protocol::context::WithContext,
};
use serde::Serialize;
use url::Url;

use super::{
    activities::{accept::Accept, create::Create, join::Join, publish_event, reject::Reject},
    actor::{DbActor, find_remote},
    delivery,
    error::FedError,
    new_activity_id,
    objects::{
        event as event_object,
        note::{Mention, Note},
        question,
    },
};
use crate::{App, app};

use crate::error::{Error, Result};
use crate::events::{
    Attendee, Channel, Event, Outcome, Registration, RegistrationStatus, agenda,
    notices::{self, Notice},
    registrations,
};
use crate::i18n::{Lang, msg};
use crate::jobs::worker::JobError;

use crate::app::effects::{Answer, CountsUpdate};

// ---------------------------------------------------------------------------------------------
// In
// ---------------------------------------------------------------------------------------------

/// The published event this URL is the id of (or, with `poll`, the poll of), if it is one of ours.
pub async fn local_event(data: &Data<App>, url: &str, poll: bool) -> Result<Option<Event>> {
    let slug = if poll {
        question::slug_from_id(data, url)
    } else {
        event_object::slug_from_id(data, url)
    };
    let Some(slug) = slug else { return Ok(None) };
    data.db
        .run(move |c| match agenda::find_published(c, &slug) {
            Ok(event) => Ok(Some(event)),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        })
        .await
}

/// Registers the actor who signed `activity_id` for the event, on `channel`. The answer is
/// queued by the domain (or, when registration is closed, by `answer_closed`), and so is the
/// republication of the numbers.
pub async fn register(
    data: &Data<App>,
    actor: &DbActor,
    event: &Event,
    channel: Channel,
    activity_id: &str,
    message: &str,
) -> Result<Outcome, FedError> {
    let name = if actor.display_name.trim().is_empty() {
        actor.preferred_username.clone()
    } else {
        actor.display_name.clone()
    };
    let attendee = Attendee::fediverse(actor.ap_id.as_str(), &name, &event_object::lang_of(data));
    let message = crate::site::markdown::plain_text(message, 2000);
    let reference = Some(activity_id.to_string());
    let outcome = app::registrations::register(
        data.app_data(),
        event.id,
        attendee,
        channel,
        reference,
        message,
    )
    .await?;
    match &outcome {
        Outcome::Closed(reason) => {
            answer_closed(data, actor, event, channel, activity_id, reason).await?
        }
        Outcome::AlreadyRegistered(existing) => {
            answer_again(data, actor, event, channel, activity_id, existing).await?
        }
        _ => {}
    }
    Ok(outcome)
}

/// Registered already (by another activity, or on another channel): the new activity gets the
/// answer its channel expects for the registration as it stands. A second Join of someone in
/// gets its `Accept` (Mobilizon lost its state, or it is a second click); a second Join of
/// someone waiting stays pending, unanswered; a second vote or Accept gets the message again.
async fn answer_again(
    data: &Data<App>,
    actor: &DbActor,
    event: &Event,
    channel: Channel,
    activity_id: &str,
    existing: &Registration,
) -> Result<(), FedError> {
    let status = existing.status;
    let reply = match channel {
        Channel::Join if status == RegistrationStatus::Confirmed => {
            accept_join(data, event, actor, Some(activity_id))
        }
        Channel::Join | Channel::Web => return Ok(()),
        Channel::Poll | Channel::Accept => {
            let notice = match status {
                RegistrationStatus::Confirmed => Notice::Confirmed,
                RegistrationStatus::Pending => Notice::Pending,
                _ => {
                    let (event_id, id) = (existing.event_id, existing.id);
                    let ahead = data
                        .db
                        .run(move |c| {
                            Ok::<_, Error>(
                                registrations::list(c, event_id)?
                                    .iter()
                                    .filter(|r| {
                                        r.status == RegistrationStatus::Waitlisted && r.id < id
                                    })
                                    .count() as i64,
                            )
                        })
                        .await?;
                    Notice::Waitlisted(ahead + 1)
                }
            };
            let text = notices::text(&data.links, event, existing, notice);
            let in_reply_to = if channel == Channel::Poll {
                question::id(data, event)
            } else {
                event_object::id(data, event)
            };
            Some(direct_message(data, actor, &text, &in_reply_to))
        }
    };
    match reply {
        Some(reply) => send_to(data, actor, reply).await,
        None => Ok(()),
    }
}

/// Cancels the actor's registration for the event, if there is an active one (the domain then
/// promotes the next on the waiting list and queues the answers).
pub async fn cancel(
    data: &Data<App>,
    actor_id: &str,
    event: &Event,
) -> Result<Option<Registration>, FedError> {
    let key = actor_id.to_string();
    Ok(app::registrations::cancel_by_attendee(data.app_data(), event.id, key).await?)
}

/// Registration is not possible (a past, cancelled or closed event): a `Reject` of a Join, a
/// direct message for the other channels. No registration exists, so the domain sends nothing.
async fn answer_closed(
    data: &Data<App>,
    actor: &DbActor,
    event: &Event,
    channel: Channel,
    activity_id: &str,
    reason: &str,
) -> Result<(), FedError> {
    let reply = match channel {
        Channel::Join => reject_join(data, event, actor, Some(activity_id)),
        _ => {
            let text = closed_text(data, event, reason);
            let in_reply_to = if channel == Channel::Poll {
                question::id(data, event)
            } else {
                event_object::id(data, event)
            };
            Some(direct_message(data, actor, &text, &in_reply_to))
        }
    };
    match reply {
        Some(reply) => send_to(data, actor, reply).await,
        None => Ok(()),
    }
}

/// What the association sends to one registrant. Built and serialized at once: boxing the
/// larger variant would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Reply {
    Accept(WithContext<Accept<Join>>),
    Reject(WithContext<Reject<Join>>),
    Message(WithContext<Create<Note>>),
}

/// Queues one activity for one actor's inbox, and wakes the workers.
pub async fn send_to(data: &Data<App>, actor: &DbActor, activity: Reply) -> Result<(), FedError> {
    let inbox = actor.inbox.to_string();
    data.db
        .run(move |c| delivery::to_inboxes(c, &activity, &[inbox]))
        .await?;
    data.jobs.wake();
    Ok(())
}

/// Why one cannot register, in the site's language (what we write to fediverse registrants), with the event's address.
fn closed_text(app: &App, event: &Event, reason: &str) -> String {
    let lang = Lang::from_code(&app.settings.default_lang);
    let why = match reason {
        "event_past" => msg("notice_closed_event_past"),
        "event_cancelled" => msg("notice_closed_event_cancelled"),
        "registration_not_open_yet" => msg("notice_closed_registration_not_open_yet"),
        "registration_not_offered" => msg("notice_closed_registration_not_offered"),
        _ => msg("notice_closed_registration_closed"),
    };
    let text = lang.t_args(
        "notice_closed",
        &[
            ("title", event.title.as_str().into()),
            ("when", event_object::when(event, lang.code()).into()),
            ("why", lang.t(why).into()),
        ],
    );
    let url = event_object::id(app, event);
    format!("{text}\n\n{url}\n-- \n{}", app.settings.name)
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/// Runs an `event-counts` job: the `Update`s built from the event as it is now.
pub async fn run_counts(config: FederationConfig<App>, payload: String) -> Result<(), JobError> {
    let CountsUpdate { event_id } = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad event-counts job: {e}")))?;
    let app = config.to_request_data().app_data().clone();
    let a = app.clone();
    app.db
        .run(move |c| {
            crate::db::transaction(c, |c| match agenda::find(c, event_id) {
                Ok(event) => publish_event::counts_changed(c, &a, &event),
                // Removed since: its Delete went out already.
                Err(Error::NotFound) => Ok(0),
                Err(e) => Err(e),
            })
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    app.jobs.wake();
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Out
// ---------------------------------------------------------------------------------------------

/// Runs an `rsvp-notice` job: builds the answer for the registrant's channel and queues its
/// delivery to their inbox.
pub async fn run_notice(config: FederationConfig<App>, payload: String) -> Result<(), JobError> {
    let notice: Answer = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad rsvp-notice job: {e}")))?;
    let data = config.to_request_data();
    let registration_id = notice.registration_id;
    let found = data
        .db
        .run(move |c| {
            let registration = registrations::find(c, registration_id)?;
            let event = agenda::find(c, registration.event_id)?;
            Ok::<_, Error>((registration, event))
        })
        .await;
    let (registration, event) = match found {
        Ok(found) => found,
        Err(Error::NotFound) => {
            return Err(JobError::Permanent(format!(
                "registration {registration_id} or its event no longer exists"
            )));
        }
        Err(e) => return Err(JobError::Retry(e.to_string())),
    };
    let Some(actor_id) = registration.actor_id.clone() else {
        return Err(JobError::Permanent(format!(
            "registration {registration_id} has no fediverse account"
        )));
    };
    let registrant = registrant(&data, &actor_id)
        .await
        .map_err(|e| JobError::Retry(format!("cannot find {actor_id}: {e}")))?;
    let activity = answer(&data, &event, &registration, &registrant, &notice);
    let inbox = registrant.inbox.to_string();
    data.db
        .run(move |c| {
            if let Some(activity) = &activity {
                delivery::to_inboxes(c, activity, &[inbox])?;
            }
            Ok::<_, Error>(())
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    data.jobs.wake();
    Ok(())
}

/// The activity that answers `notice` on the registration's channel, or `None` when nothing is
/// to be said (a Mobilizon user's own `Leave`).
fn answer(
    app: &App,
    event: &Event,
    registration: &Registration,
    registrant: &DbActor,
    notice: &Answer,
) -> Option<Reply> {
    let dm = || {
        let in_reply_to = if registration.channel == Channel::Poll {
            question::id(app, event)
        } else {
            event_object::id(app, event)
        };
        direct_message(app, registrant, &notice.text, &in_reply_to)
    };
    match (registration.channel, notice.notice) {
        (Channel::Join, Notice::Confirmed | Notice::Promoted) => {
            accept_join(app, event, registrant, registration.channel_ref.as_deref())
        }
        (Channel::Join, Notice::Refused | Notice::EventCancelled) => {
            reject_join(app, event, registrant, registration.channel_ref.as_deref())
        }
        // Mobilizon keeps the Join pending (the event is `restricted`); a message says why.
        (Channel::Join, Notice::Waitlisted(_) | Notice::Pending | Notice::Message) => Some(dm()),
        (Channel::Join, Notice::Cancelled) => None,
        (Channel::Web, _) => None,
        (Channel::Poll | Channel::Accept, _) => Some(dm()),
    }
}

/// The registrant's actor: known since it signed its RSVP; fetched again if it was forgotten.
async fn registrant(data: &Data<App>, actor_id: &str) -> Result<DbActor, FedError> {
    let id = actor_id.to_string();
    let known = data
        .db
        .run(move |c| find_remote(c, &id).map_err(FedError::from))
        .await?;
    if let Some(actor) = known {
        return Ok(actor);
    }
    ObjectId::<DbActor>::parse(actor_id)?
        .dereference(data)
        .await
}

/// `Accept` of a Join, sent by the event's `attributedTo` actor (the association), with the
/// Join embedded (plain URIs) so that Mobilizon finds the participation by the Join's id.
/// `None` when the Join's id is not known: Mobilizon could not match the answer.
pub fn accept_join(
    app: &App,
    event: &Event,
    registrant: &DbActor,
    join_id: Option<&str>,
) -> Option<Reply> {
    let accept = Accept {
        id: new_activity_id(app),
        kind: AcceptType::Accept,
        actor: app.actor.id.clone().into(),
        to: Some(vec![registrant.ap_id.clone()]),
        cc: Some(Vec::new()),
        object: the_join(app, event, registrant, join_id)?,
    };
    Some(Reply::Accept(WithContext::new_default(accept)))
}

/// `Reject` of a Join, the same way.
pub fn reject_join(
    app: &App,
    event: &Event,
    registrant: &DbActor,
    join_id: Option<&str>,
) -> Option<Reply> {
    let reject = Reject {
        id: new_activity_id(app),
        kind: RejectType::Reject,
        actor: app.actor.id.clone().into(),
        to: Some(vec![registrant.ap_id.clone()]),
        cc: Some(Vec::new()),
        object: the_join(app, event, registrant, join_id)?,
    };
    Some(Reply::Reject(WithContext::new_default(reject)))
}

/// The registrant's Join as an answer embeds it: its id, its actor, the event's id.
fn the_join(app: &App, event: &Event, registrant: &DbActor, join_id: Option<&str>) -> Option<Join> {
    let Some(id) = join_id.and_then(|id| Url::parse(id).ok()) else {
        tracing::warn!(
            "the Join of {} for {} has no id: no answer is sent",
            registrant.ap_id,
            event.slug
        );
        return None;
    };
    Some(Join {
        id,
        kind: JoinType::Join,
        actor: registrant.ap_id.clone().into(),
        object: event_object::id(app, event).as_str().into(),
        participation_message: None,
    })
}

/// A direct message: `Create{Note}` addressed to the person only (Mastodon shows it as a
/// private mention), with a `Mention` so that they are notified.
pub fn direct_message(app: &App, to: &DbActor, text: &str, in_reply_to: &Url) -> Reply {
    let activity_id = new_activity_id(app);
    let host = match to.ap_id.port() {
        Some(port) => format!("{}:{port}", to.ap_id.host_str().unwrap_or("")),
        None => to.ap_id.host_str().unwrap_or("").to_string(),
    };
    let username = if to.preferred_username.is_empty() {
        "_".to_string()
    } else {
        to.preferred_username.clone()
    };
    let mention = format!("@{username}@{host}");
    let mention_html = format!(
        "<span class=\"h-card\"><a href=\"{}\" class=\"u-url mention\">@<span>{}</span></a></span>",
        crate::site::markdown::escape(to.ap_id.as_str()),
        crate::site::markdown::escape(&username)
    );
    let published = chrono::Utc::now().to_rfc3339();
    let note = Note {
        id: super::url(&format!("{activity_id}/note")),
        kind: NoteType::Note,
        attributed_to: app.actor.id.clone(),
        to: vec![to.ap_id.clone()],
        cc: Vec::new(),
        in_reply_to: in_reply_to.clone(),
        published: published.clone(),
        content: text_to_html(text, &mention_html),
        media_type: "text/html",
        tag: vec![Mention {
            kind: MentionType::Mention,
            href: to.ap_id.clone(),
            name: mention,
        }],
    };
    let create = Create {
        id: activity_id,
        kind: CreateType::Create,
        actor: app.actor.id.clone().into(),
        published: Some(published),
        to: vec![to.ap_id.clone()],
        cc: Some(Vec::new()),
        object: note,
    };
    Reply::Message(WithContext::new_default(create))
}

/// Plain text as HTML: escaped, paragraphs and line breaks kept, every http(s) address made a
/// link; `lead` (the mention) opens the first paragraph.
pub fn text_to_html(text: &str, lead: &str) -> String {
    let mut html = String::new();
    for (i, paragraph) in text
        .trim()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        html.push_str("<p>");
        if i == 0 && !lead.is_empty() {
            html.push_str(lead);
            html.push(' ');
        }
        let lines: Vec<String> = paragraph.lines().map(linkify).collect();
        html.push_str(&lines.join("<br>"));
        html.push_str("</p>");
    }
    html
}

/// One line of text, escaped, with its http(s) addresses as links.
fn linkify(line: &str) -> String {
    let mut out = String::new();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("https://") || word.starts_with("http://") {
            let end = word
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '»'])
                .len();
            let (url, rest) = word.split_at(end);
            let url = crate::site::markdown::escape(url);
            out.push_str(&format!(
                "<a href=\"{url}\" rel=\"nofollow noopener\" target=\"_blank\">{url}</a>"
            ));
            out.push_str(&crate::site::markdown::escape(rest));
        } else {
            out.push_str(&crate::site::markdown::escape(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_becomes_escaped_html_with_links() {
        let html = super::text_to_html(
            "Vous êtes inscrit·e à « <b>x</b> ».\nPour annuler : https://a.example/registrations/1/cancel?token=ab&x=1.\n\nhttps://a.example/events/x\n-- \nSite",
            "@m",
        );
        assert_eq!(
            html,
            "<p>@m Vous êtes inscrit·e à « &lt;b&gt;x&lt;/b&gt; ».<br>Pour annuler : <a href=\"https://a.example/registrations/1/cancel?token=ab&amp;x=1\" rel=\"nofollow noopener\" target=\"_blank\">https://a.example/registrations/1/cancel?token=ab&amp;x=1</a>.</p><p><a href=\"https://a.example/events/x\" rel=\"nofollow noopener\" target=\"_blank\">https://a.example/events/x</a><br>-- <br>Site</p>"
        );
    }
}
