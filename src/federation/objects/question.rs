//! The poll under an event that takes registrations: a `Question` in reply to the `Event`, with
//! one option. Mastodon and Misskey show it as a poll; a vote comes back as a `Create{Note}`
//! whose `name` is the option and whose `inReplyTo` is this Question (reference §4.3), and it
//! registers the voter like any other way of registering.
//!
//! Its id is `/events/{slug}/poll`, where it is served as JSON. It is closed (`closed` set)
//! while the event is full, cancelled or not taking registrations, and after registration ends.

use serde_json::{Value, json};

use super::event;
use crate::App;
use crate::db::now;
use crate::events::{Event, EventStatus};
use crate::i18n::Lang;

/// The one option. A vote must name it exactly.
pub const OPTION: &str = "Je viens / I'm coming";

pub fn id(app: &App, event: &Event) -> String {
    app.settings.url(&crate::urls::event_poll(&event.slug))
}

/// The slug of the event whose poll this URL is, or `None` when it is not one of our polls.
pub fn slug_from_id(app: &App, url: &str) -> Option<String> {
    let event_url = url.strip_suffix("/poll")?;
    event::slug_from_id(app, event_url)
}

/// Whether the poll takes no more votes now.
pub fn is_closed(event: &Event) -> bool {
    let at = now();
    event.status == EventStatus::Cancelled
        || !event.takes_registrations
        || !event.published
        || event.is_full()
        || event.ends_at <= at
        || event.registration_closes_at.is_some_and(|t| t <= at)
}

/// When the poll ends: when registration closes, else when the event ends.
fn end_time(event: &Event) -> chrono::NaiveDateTime {
    event.registration_closes_at.unwrap_or(event.ends_at)
}

pub fn to_json(app: &App, event: &Event) -> Value {
    let lang = event::lang_of(app);
    let title = crate::site::markdown::escape(&event.title);
    let when = crate::site::markdown::escape(&event::when(event, &lang));
    let text = match event.capacity {
        Some(capacity) => Lang::from_code(&lang).t_args(
            "poll_content_capacity",
            &[
                ("title", title.as_str().into()),
                ("when", when.as_str().into()),
                ("option", OPTION.into()),
                ("capacity", capacity.into()),
            ],
        ),
        None => Lang::from_code(&lang).t_args(
            "poll_content",
            &[
                ("title", title.as_str().into()),
                ("when", when.as_str().into()),
                ("option", OPTION.into()),
            ],
        ),
    };
    let content = format!("<p>{text}</p>");
    let mut question = json!({
        "id": id(app, event),
        "type": "Question",
        "attributedTo": app.actor.id,
        "inReplyTo": event::id(app, event),
        "to": [crate::federation::PUBLIC],
        "cc": [app.actor.followers],
        "published": event.created_at.and_utc().to_rfc3339(),
        "url": event::id(app, event),
        "content": content,
        "mediaType": "text/html",
        "endTime": end_time(event).and_utc().to_rfc3339(),
        "votersCount": event.confirmed_count,
        "oneOf": [{
            "type": "Note",
            "name": OPTION,
            "replies": { "type": "Collection", "totalItems": event.confirmed_count },
        }],
    });
    if event.updated_at > event.created_at {
        question["updated"] = json!(event.updated_at.and_utc().to_rfc3339());
    }
    if is_closed(event) {
        question["closed"] = json!(chrono::Utc::now().to_rfc3339());
    }
    question
}

/// The `@context` of the poll: ActivityStreams, security, and Mastodon's `votersCount`.
pub fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "toot": "http://joinmastodon.org/ns#",
            "votersCount": "toot:votersCount"
        }
    ])
}

pub fn document(app: &App, event: &Event) -> Value {
    let mut doc = to_json(app, event);
    doc["@context"] = context();
    doc
}

/// What a `Delete` carries when the event is removed.
pub fn tombstone(app: &App, event: &Event) -> Value {
    json!({
        "id": id(app, event),
        "type": "Tombstone",
        "formerType": "Question",
        "deleted": chrono::Utc::now().to_rfc3339(),
    })
}
