//! The poll under an event that takes registrations: a `Question` in reply to the `Event`, with
//! one option. Mastodon and Misskey show it as a poll; a vote comes back as a `Create{Note}`
//! whose `name` is the option and whose `inReplyTo` is this Question (reference §4.3), and it
//! registers the voter like any other way of registering.
//!
//! Its id is `/events/{slug}/poll`, where it is served as JSON. It is closed (`closed` set)
//! while the event is full, cancelled or not taking registrations, and after registration ends.

use activitypub_federation::{
    kinds::{activity::QuestionType, collection::CollectionType, object::NoteType},
    protocol::context::WithContext,
};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::{collections::Collection, event, tombstone::Tombstone};
use crate::App;
use crate::db::now;
use crate::events::{Event, EventStatus};
use crate::i18n::Lang;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub attributed_to: Url,
    pub in_reply_to: Url,
    pub to: Vec<Url>,
    pub cc: Vec<Url>,
    pub published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    pub url: Url,
    pub content: String,
    pub media_type: &'static str,
    pub end_time: String,
    /// Set while the poll takes no votes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
    pub voters_count: i32,
    pub one_of: Vec<PollOption>,
}

/// An option of the poll, as Mastodon writes it: a `Note` named by the option, with its count.
#[derive(Debug, Clone, Serialize)]
pub struct PollOption {
    #[serde(rename = "type")]
    pub kind: NoteType,
    pub name: &'static str,
    pub replies: Collection,
}

/// The one option. A vote must name it exactly.
pub const OPTION: &str = "Je viens / I'm coming";

pub fn id(app: &App, event: &Event) -> Url {
    super::super::url(&app.settings.url(&crate::urls::event_poll(&event.slug)))
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

pub fn question(app: &App, event: &Event) -> Question {
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
    Question {
        id: id(app, event),
        kind: QuestionType::Question,
        attributed_to: app.actor.id.clone(),
        in_reply_to: event::id(app, event),
        to: vec![crate::federation::public()],
        cc: vec![app.actor.followers.clone()],
        published: event.created_at.and_utc().to_rfc3339(),
        updated: (event.updated_at > event.created_at)
            .then(|| event.updated_at.and_utc().to_rfc3339()),
        url: event::id(app, event),
        content,
        media_type: "text/html",
        end_time: end_time(event).and_utc().to_rfc3339(),
        closed: is_closed(event).then(|| chrono::Utc::now().to_rfc3339()),
        voters_count: event.confirmed_count,
        one_of: vec![PollOption {
            kind: NoteType::Note,
            name: OPTION,
            replies: Collection {
                id: None,
                kind: CollectionType::Collection,
                total_items: event.confirmed_count.into(),
            },
        }],
    }
}

/// The `@context` of the poll: ActivityStreams, security, and Mastodon's `votersCount`.
pub fn context() -> Value {
    static CONTEXT: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(CONTEXT_JSON).expect("the poll context is valid JSON")
    });
    CONTEXT.clone()
}

const CONTEXT_JSON: &str = r#"[
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "toot": "http://joinmastodon.org/ns#",
        "votersCount": "toot:votersCount"
    }
]"#;

pub fn document(app: &App, event: &Event) -> WithContext<Question> {
    WithContext::new(question(app, event), context())
}

/// What a `Delete` carries when the event is removed.
pub fn tombstone(app: &App, event: &Event) -> Tombstone {
    Tombstone::of(id(app, event), "Question")
}
