//! An incoming `Reject` of one of our events: Friendica's "I will not attend" (reference §3.2).
//! The signer's registration, if any, is cancelled; otherwise nothing changes. A `Reject` of
//! anything else (we send no Follow to reject) gets 202 and nothing done.
//!
//! The same type is what we send to refuse a Join (`rsvp::reject_join`), the Join embedded.

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::RejectType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, rsvp},
    id_of,
};
use crate::App;

/// One shape both ways: what arrives (its object read as JSON) and what we send (the Reject
/// of a Join, with the activity embedded).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reject<O = serde_json::Value> {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: RejectType,
    pub actor: ObjectId<DbActor>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<Url>>,
    /// Written in what we send; not read from what arrives.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub cc: Option<Vec<Url>>,
    pub object: O,
}

#[async_trait::async_trait]
impl Activity for Reject {
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
