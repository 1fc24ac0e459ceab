//! The `Update` we send when a post, an event or its poll changes. None arrives that we act on
//! (an incoming `Update` is recorded and ignored, as `unknown`), so this shape is ours only.

use activitypub_federation::{
    fetch::object_id::ObjectId, kinds::activity::UpdateType, protocol::context::WithContext,
};
use serde::Serialize;
use url::Url;

use super::super::{actor::DbActor, new_activity_id, public};
use crate::App;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Update<O> {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UpdateType,
    pub actor: ObjectId<DbActor>,
    pub published: String,
    pub to: Vec<Url>,
    pub cc: Vec<Url>,
    pub object: O,
}

impl<O: Serialize> Update<O> {
    /// A new `Update` of `object` by the association, to the public and its followers.
    pub fn to_followers(app: &App, object: O, context: serde_json::Value) -> WithContext<Self> {
        let activity = Update {
            id: new_activity_id(app),
            kind: UpdateType::Update,
            actor: app.actor.id.clone().into(),
            published: chrono::Utc::now().to_rfc3339(),
            to: vec![public()],
            cc: vec![app.actor.followers.clone()],
            object,
        };
        WithContext::new(activity, context)
    }
}
