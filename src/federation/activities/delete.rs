//! An incoming `Delete`. When an actor deletes itself, it stops following and we forget it;
//! a Delete of anything else (a remote post we never stored) changes nothing.
//!
//! The same type is what we send when a post, an event or its poll is removed, with a
//! `Tombstone` (`Delete::to_followers`).

use crate::app;
use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::DeleteType,
    protocol::context::WithContext, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::super::{
    actor::{DbActor, forget_remote},
    error::FedError,
    new_activity_id, public,
};
use crate::App;

/// One shape both ways: what arrives (its object read as JSON) and what we send (the Delete of
/// a post, an event or a poll, with a `Tombstone`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delete<O = serde_json::Value> {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: DeleteType,
    pub actor: ObjectId<DbActor>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<Url>>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub cc: Option<Vec<Url>>,
    pub object: O,
}

impl<O: Serialize> Delete<O> {
    /// A new `Delete` of `object` by the association, to the public and its followers.
    pub fn to_followers(app: &App, object: O, context: serde_json::Value) -> WithContext<Self> {
        let activity = Delete {
            id: new_activity_id(app),
            kind: DeleteType::Delete,
            actor: app.actor.id.clone().into(),
            published: Some(chrono::Utc::now().to_rfc3339()),
            to: Some(vec![public()]),
            cc: Some(vec![app.actor.followers.clone()]),
            object,
        };
        WithContext::new(activity, context)
    }
}

impl Delete {
    fn object_id(&self) -> Option<&str> {
        match &self.object {
            serde_json::Value::String(id) => Some(id),
            other => other.get("id").and_then(|v| v.as_str()),
        }
    }
}

#[async_trait::async_trait]
impl Activity for Delete {
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
        let actor = self.actor.inner().to_string();
        if self.object_id() == Some(actor.as_str()) {
            app::audience::follower_left(data.app_data(), actor.clone(), None).await?;
            data.db
                .run(move |c| forget_remote(c, &actor).map_err(FedError::from))
                .await?;
        }
        Ok(())
    }
}
