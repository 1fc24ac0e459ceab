//! An incoming `Delete`. When an actor deletes itself, it stops following and we forget it;
//! a Delete of anything else (a remote post we never stored) changes nothing.

use crate::app;
use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::DeleteType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::super::{
    actor::{DbActor, forget_remote},
    error::FedError,
};
use crate::App;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delete {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: DeleteType,
    pub actor: ObjectId<DbActor>,
    pub object: serde_json::Value,
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
