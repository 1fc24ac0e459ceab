//! An incoming `Undo`. Only an Undo of a Follow changes anything (the follower is removed);
//! the Follow may be embedded or given by its id. Undo of anything else is accepted and ignored.

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::UndoType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, followers},
    follow::Follow,
};
use crate::App;

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
    Other(serde_json::Value),
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
        if let UndoObject::Follow(follow) = &self.object
            && follow.actor.inner() != self.actor.inner()
        {
            return Err(FedError::Refused(
                "an actor can only undo its own follow".into(),
            ));
        }
        Ok(())
    }

    async fn receive(self, data: &Data<App>) -> Result<(), FedError> {
        let actor = self.actor.inner().to_string();
        let own_id = data.actor.id.clone();
        match self.object {
            UndoObject::Follow(follow) if follow.object == own_id => {
                data.db.run(move |c| followers::remove(c, &actor)).await?;
            }
            UndoObject::Other(serde_json::Value::String(follow_id)) => {
                data.db
                    .run(move |c| followers::remove_by_follow(c, &actor, &follow_id))
                    .await?;
            }
            _ => {}
        }
        Ok(())
    }
}
