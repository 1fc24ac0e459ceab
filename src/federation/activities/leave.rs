//! An incoming `Leave` of one of our events (Mobilizon's way to cancel a participation,
//! reference §2.4): the signer's registration is cancelled, and the first on the waiting list
//! takes the seat. Leaving what one never joined changes nothing.

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::LeaveType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, rsvp},
    id_of,
};
use crate::App;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Leave {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: LeaveType,
    pub actor: ObjectId<DbActor>,
    /// The event: its id, or the event embedded.
    pub object: serde_json::Value,
}

#[async_trait::async_trait]
impl Activity for Leave {
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
        let Some(event_id) = id_of(&self.object) else {
            return Ok(());
        };
        if let Some(event) = rsvp::local_event(data, event_id, false).await? {
            rsvp::cancel(data, self.actor.inner().as_str(), &event).await?;
        }
        Ok(())
    }
}
