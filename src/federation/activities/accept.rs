//! An incoming `Accept` of one of our events: Friendica's "I will attend" (reference §3.2). The
//! signer registers, on the `Accept` channel, and is answered by direct message.
//!
//! The same type answers Follows; we follow nobody, so an `Accept` whose object is not one of
//! our events (a Follow, anything else) gets 202 and nothing done. An `Accept` from someone who
//! does not follow the association still registers them: the HTTP signature proves who they
//! are, and following is not a condition of registering on the web either.
//!
//! The same type is what we send: the `Accept` of a Follow (`follow::run_accept`) and of a Join
//! (`rsvp::accept_join`), with that activity embedded.

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::AcceptType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    super::{actor::DbActor, error::FedError, rsvp},
    id_of,
};
use crate::App;
use crate::events::Channel;

/// One shape both ways: what arrives (its object read as JSON) and what we send (the Accept
/// of a Join, or of a Follow, with the activity embedded).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Accept<O = serde_json::Value> {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: AcceptType,
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
impl Activity for Accept {
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

/// Registers the signer for the event that `object` names, if it is one of ours (Friendica's
/// `Accept` and `TentativeAccept` both come here).
pub async fn attend(
    data: &Data<App>,
    actor: &ObjectId<DbActor>,
    object: &serde_json::Value,
    activity_id: &Url,
) -> Result<(), FedError> {
    let Some(event_id) = id_of(object) else {
        return Ok(());
    };
    let Some(event) = rsvp::local_event(data, event_id, false).await? else {
        return Ok(());
    };
    let actor = actor.dereference(data).await?;
    rsvp::register(
        data,
        &actor,
        &event,
        Channel::Accept,
        activity_id.as_str(),
        "",
    )
    .await?;
    Ok(())
}
