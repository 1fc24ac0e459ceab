//! An incoming `Create`. The only one that does anything is a vote in one of our events' polls,
//! as Mastodon and Misskey send it (reference §4.3): a `Note` with a `name` (the option) and
//! `inReplyTo` the `Question`, no content, by the signer. `to` comes as a string (Mastodon) or
//! an array (Misskey). The voter registers on the `Poll` channel and gets a direct message.
//!
//! A vote for an option that does not exist, a vote in something that is not one of our polls,
//! and every other `Create` get 202 and nothing done, except a reply to something of ours or a
//! mention of the association, which the chat hears of (`app::audience::mentioned`).
//!
//! The same type is what we send: the `Create` of a post, an event, a poll or a newsletter to
//! followers (`Create::to_followers`), and of a direct message (`rsvp::direct_message`).

use activitypub_federation::{
    config::Data,
    fetch::object_id::ObjectId,
    kinds::{activity::CreateType, object::NoteType},
    protocol::{context::WithContext, helpers::deserialize_one_or_many},
    traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, new_activity_id, objects::question, public, rsvp},
    id_of,
};
use crate::App;
use crate::events::Channel;

/// One shape both ways: what arrives (its object read as JSON, a vote or anything else) and
/// what we send (the Create of an Article, an Event, a Question, a direct message's Note).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Create<O = serde_json::Value> {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: CreateType,
    pub actor: ObjectId<DbActor>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, deserialize_with = "deserialize_one_or_many")]
    pub to: Vec<Url>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub cc: Option<Vec<Url>>,
    pub object: O,
}

impl<O: Serialize> Create<O> {
    /// A new `Create` of `object` by the association, to the public and its followers.
    pub fn to_followers(app: &App, object: O, context: serde_json::Value) -> WithContext<Self> {
        let activity = Create {
            id: new_activity_id(app),
            kind: CreateType::Create,
            actor: app.actor.id.clone().into(),
            published: Some(chrono::Utc::now().to_rfc3339()),
            to: vec![public()],
            cc: Some(vec![app.actor.followers.clone()]),
            object,
        };
        WithContext::new(activity, context)
    }
}

/// A poll vote, read from the Create's object.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vote {
    id: Url,
    #[serde(rename = "type")]
    _kind: NoteType,
    name: String,
    in_reply_to: serde_json::Value,
    #[serde(default)]
    attributed_to: Option<serde_json::Value>,
    /// Read so that a vote whose `to` is neither a URL nor a list of them is refused.
    #[serde(default, rename = "to", deserialize_with = "deserialize_one_or_many")]
    _to: Vec<Url>,
    #[serde(default)]
    content: Option<String>,
}

impl Create {
    /// The vote this Create carries, if it is one: a Note with a name, replying to something,
    /// without content, by the signer.
    fn vote(&self) -> Option<Vote> {
        let vote: Vote = serde_json::from_value(self.object.clone()).ok()?;
        if vote
            .content
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
        {
            return None;
        }
        if let Some(author) = &vote.attributed_to
            && id_of(author) != Some(self.actor.inner().as_str())
        {
            return None;
        }
        Some(vote)
    }
}

impl Create {
    /// The address and the first words of what this Create carries, when it is a reply to
    /// something of ours or mentions the association (a `Mention` tag naming our actor), with
    /// some text: what the chat hears of.
    fn reply_or_mention(&self, data: &Data<App>) -> Option<(String, String)> {
        let object = self.object.as_object()?;
        let content = object.get("content").and_then(|c| c.as_str())?;
        let ours = data.app_data().actor.id.as_str();
        let base = data
            .app_data()
            .settings
            .base()
            .trim_end_matches('/')
            .to_string();
        let replies_to_us = object
            .get("inReplyTo")
            .and_then(id_of)
            .is_some_and(|id| id.starts_with(&format!("{base}/")));
        let tags = match object.get("tag") {
            Some(serde_json::Value::Array(tags)) => tags.clone(),
            Some(one @ serde_json::Value::Object(_)) => vec![one.clone()],
            _ => vec![],
        };
        let mentions_us = tags.iter().any(|t| {
            t.get("type").and_then(|k| k.as_str()) == Some("Mention")
                && t.get("href").and_then(|h| h.as_str()) == Some(ours)
        });
        if !(replies_to_us || mentions_us) {
            return None;
        }
        let excerpt = crate::site::markdown::plain_text(content, 280);
        if excerpt.trim().is_empty() {
            return None;
        }
        let url = object
            .get("url")
            .and_then(id_of)
            .or_else(|| object.get("id").and_then(|i| i.as_str()))
            .unwrap_or(self.id.as_str())
            .to_string();
        Some((url, excerpt))
    }
}

#[async_trait::async_trait]
impl Activity for Create {
    type DataType = App;
    type Error = FedError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn actor(&self) -> &Url {
        self.actor.inner()
    }

    async fn verify(&self, _data: &Data<App>) -> Result<(), FedError> {
        Ok(())
    }

    async fn receive(self, data: &Data<App>) -> Result<(), FedError> {
        let Some(vote) = self.vote() else {
            if let Some((url, excerpt)) = self.reply_or_mention(data) {
                let actor = self.actor.inner().to_string();
                crate::app::audience::mentioned(data.app_data(), actor, url, excerpt)
                    .await
                    .map_err(FedError::App)?;
            }
            return Ok(());
        };
        if vote.name.trim() != question::OPTION {
            return Ok(());
        }
        let Some(poll) = id_of(&vote.in_reply_to) else {
            return Ok(());
        };
        let Some(event) = rsvp::local_event(data, poll, true).await? else {
            return Ok(());
        };
        let actor = self.actor.dereference(data).await?;
        rsvp::register(data, &actor, &event, Channel::Poll, vote.id.as_str(), "").await?;
        Ok(())
    }
}
