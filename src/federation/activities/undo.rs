//! An incoming `Undo`. The object is the undone activity, embedded or given by its id (then it
//! is looked up among the activities we received from the same actor):
//!
//! - a `Follow`: the follower is removed;
//! - a `Join` (not sent by Mobilizon, which uses `Leave`, but accepted), an `Accept` or a
//!   `TentativeAccept` of one of our events (Friendica changing its mind): the signer's
//!   registration is cancelled;
//! - anything else, an `Undo{Reject}` included (withdrawing a "no" registers nobody): accepted
//!   and ignored.

use crate::app;
use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::UndoType, traits::Activity,
};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, inbox::ATTENDANCE, rsvp},
    follow::Follow,
    id_of,
};
use crate::App;
use crate::db::schema::received_activities;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Undo {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UndoType,
    pub actor: ObjectId<DbActor>,
    pub object: UndoObject,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum UndoObject {
    Follow(Follow),
    Other(Value),
}

#[async_trait::async_trait]
impl Activity for Undo {
    type DataType = App;
    type Error = FedError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn actor(&self) -> &Url {
        self.actor.inner()
    }

    async fn verify(&self, _data: &Data<App>) -> Result<(), FedError> {
        let undone_by = match &self.object {
            UndoObject::Follow(follow) => Some(follow.actor.inner().as_str()),
            UndoObject::Other(Value::Object(o)) => o.get("actor").and_then(id_of),
            UndoObject::Other(_) => None,
        };
        if undone_by.is_some_and(|a| a != self.actor.inner().as_str()) {
            return Err(FedError::Refused(
                "an actor can only undo its own activities".into(),
            ));
        }
        Ok(())
    }

    async fn receive(self, data: &Data<App>) -> Result<(), FedError> {
        let actor = self.actor.inner().to_string();
        let own_id = data.actor.id.clone();
        match self.object {
            UndoObject::Follow(follow) if follow.object == own_id => {
                app::audience::follower_left(data.app_data(), actor, None).await?;
            }
            UndoObject::Other(Value::String(undone_id)) => {
                let a = actor.clone();
                let id = undone_id.clone();
                let earlier: Option<(String, Option<String>)> = data
                    .db
                    .run(move |c| {
                        received_activities::table
                            .filter(received_activities::ap_id.eq(&id))
                            .filter(received_activities::actor.eq(&a))
                            .select((received_activities::kind, received_activities::object_id))
                            .first(c)
                            .optional()
                            .map_err(FedError::from)
                    })
                    .await?;
                match earlier {
                    Some((kind, Some(object))) if ATTENDANCE.contains(&kind.as_str()) => {
                        withdraw(data, &actor, &Value::String(object)).await?;
                    }
                    _ => {
                        app::audience::follower_left(data.app_data(), actor, Some(undone_id))
                            .await?;
                    }
                }
            }
            UndoObject::Other(Value::Object(undone)) => {
                let kind = undone.get("type").and_then(Value::as_str).unwrap_or("");
                if ATTENDANCE.contains(&kind) {
                    let object = undone.get("object").cloned().unwrap_or_default();
                    withdraw(data, &actor, &object).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Cancels the actor's registration for the event `object` names, if it is one of ours.
async fn withdraw(data: &Data<App>, actor: &str, object: &Value) -> Result<(), FedError> {
    let Some(event_id) = id_of(object) else {
        return Ok(());
    };
    if let Some(event) = rsvp::local_event(data, event_id, false).await? {
        rsvp::cancel(data, actor, &event).await?;
    }
    Ok(())
}
