//! An incoming `Follow` of the association: recorded, and answered with an `Accept` that
//! embeds the Follow with plain URIs (the shape Mastodon and activitypub_federation expect).

use activitypub_federation::{
    config::{Data, FederationConfig},
    fetch::object_id::ObjectId,
    kinds::activity::{AcceptType, FollowType},
    protocol::context::WithContext,
    traits::Activity,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::super::{actor::DbActor, delivery, error::FedError, new_activity_id};
use super::accept::Accept;
use crate::App;
use crate::app::{self, effects::Welcome};
use crate::audience::blocks;
use crate::jobs::worker::JobError;

/// One shape both ways: the Follow that arrives, and the same Follow embedded (plain URIs) in
/// the `Accept` we answer with.
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
        app::audience::accept_follower(
            data.app_data(),
            follower.ap_id.to_string(),
            follower.inbox.to_string(),
            follower.shared_inbox.as_ref().map(Url::to_string),
            self.id.to_string(),
        )
        .await?;
        Ok(())
    }
}

/// Runs a `follow-accept` job (the `Welcome` effect): the `Accept` of the follow, queued for the
/// follower's inbox.
pub async fn run_accept(config: FederationConfig<App>, payload: String) -> Result<(), JobError> {
    let welcome: Welcome = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad follow-accept job: {e}")))?;
    let data = config.to_request_data();
    let parse = |what: &str, url: &str| {
        Url::parse(url).map_err(|e| JobError::Permanent(format!("bad {what} {url}: {e}")))
    };
    let follow = Follow {
        id: parse("Follow id", &welcome.follow_id)?,
        kind: FollowType::Follow,
        actor: parse("follower", &welcome.actor_id)?.into(),
        object: data.actor.id.clone(),
    };
    let accept = WithContext::new_default(Accept {
        id: new_activity_id(&data),
        kind: AcceptType::Accept,
        actor: data.actor.id.clone().into(),
        to: None,
        cc: None,
        object: follow,
    });
    data.db
        .run(move |c| delivery::to_inboxes(c, &accept, &[welcome.inbox]))
        .await
        .map_err(|e: crate::error::Error| JobError::Retry(e.to_string()))?;
    data.jobs.wake();
    Ok(())
}
