//! Any other activity (Like, Announce, Create of a reply...): its signature is checked and it is
//! recorded, then answered 202 with nothing done, as other servers expect.

use activitypub_federation::{config::Data, fetch::object_id::ObjectId, traits::Activity};
use serde::{Deserialize, Serialize};
use url::Url;

use super::super::{actor::DbActor, error::FedError};
use crate::App;

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Unknown {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: serde_json::Value,
    pub actor: ObjectId<DbActor>,
}

#[async_trait::async_trait]
impl Activity for Unknown {
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

    async fn receive(self, _data: &Data<App>) -> Result<(), FedError> {
        Ok(())
    }
}
