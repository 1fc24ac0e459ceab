//! An incoming `Join` of one of our events, as Mobilizon sends it when one of its users clicks
//! "Participate" (reference §2.1): the signer registers, on the `Join` channel, with the Join's
//! id kept so that the answer (`Accept` or `Reject` of that Join) can name it.
//!
//! A Join of something that is not one of our published events gets 202 and nothing done; a
//! Join of a past, cancelled or closed event gets a `Reject`.

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::JoinType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, rsvp},
    id_of,
};
use crate::App;
use crate::events::Channel;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Join {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: JoinType,
    pub actor: ObjectId<DbActor>,
    /// The event: its id, or the event embedded.
    pub object: serde_json::Value,
    /// Mobilizon's optional message to the organizers (plain text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participation_message: Option<String>,
}

#[async_trait::async_trait]
impl Activity for Join {
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
        let Some(event) = rsvp::local_event(data, event_id, false).await? else {
            return Ok(());
        };
        let actor = self.actor.dereference(data).await?;
        let message = self.participation_message.unwrap_or_default();
        rsvp::register(
            data,
            &actor,
            &event,
            Channel::Join,
            self.id.as_str(),
            &message,
        )
        .await?;
        Ok(())
    }
}
