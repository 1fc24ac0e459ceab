//! An incoming `Follow` of the association: recorded, and answered with an `Accept` that
//! embeds the Follow with plain URIs (the shape Mastodon and activitypub_federation expect).

use activitypub_federation::{
    config::Data, fetch::object_id::ObjectId, kinds::activity::FollowType, traits::Activity,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use url::Url;

use super::super::{actor::DbActor, delivery, error::FedError, new_activity_id};
use crate::App;
use crate::audience::{blocks, followers};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: FollowType,
    pub actor: ObjectId<DbActor>,
    pub object: Url,
}

#[async_trait::async_trait]
impl Activity for Follow {
    type DataType = App;
    type Error = FedError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn actor(&self) -> &Url {
        self.actor.inner()
    }

    async fn verify(&self, data: &Data<App>) -> Result<(), FedError> {
        if self.object != data.actor.id {
            return Err(FedError::Refused(format!(
                "{} is not an actor of this server",
                self.object
            )));
        }
        let actor = self.actor.inner().to_string();
        let blocked = data
            .db
            .run(move |c| blocks::is_actor_blocked(c, &actor))
            .await?;
        if blocked {
            return Err(FedError::App(crate::error::Error::Forbidden));
        }
        Ok(())
    }

    async fn receive(self, data: &Data<App>) -> Result<(), FedError> {
        let follower = self.actor.dereference(data).await?;
        let accept = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": new_activity_id(data),
            "type": "Accept",
            "actor": data.actor.id,
            "object": {
                "id": self.id,
                "type": "Follow",
                "actor": follower.ap_id,
                "object": data.actor.id,
            },
        });
        data.db
            .run(move |c| {
                crate::db::transaction(c, |c| {
                    followers::upsert(
                        c,
                        follower.ap_id.as_str(),
                        follower.inbox.as_str(),
                        follower.shared_inbox.as_ref().map(Url::as_str),
                        self.id.as_str(),
                    )?;
                    delivery::to_inboxes(c, &accept, &[follower.inbox.to_string()])?;
                    Ok::<_, crate::error::Error>(())
                })
            })
            .await?;
        data.jobs.wake();
        Ok(())
    }
}
