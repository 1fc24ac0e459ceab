//! An incoming `TentativeAccept` of one of our events: Friendica's "I might attend"
//! (reference §3.2). A place is only useful if it is held, so it registers the signer exactly as
//! an `Accept` does (`accept::attend`); the direct message they get says so and gives the link
//! to cancel.

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::TentativeAcceptType,
    traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError},
    accept::attend,
};
use crate::App;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TentativeAccept {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: TentativeAcceptType,
    pub actor: ObjectId<DbActor>,
    pub object: serde_json::Value,
}

#[async_trait::async_trait]
impl Activity for TentativeAccept {
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
        attend(data, &self.actor, &self.object, &self.id).await
    }
}
