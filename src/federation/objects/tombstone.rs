//! What a `Delete` carries in place of the removed object: a `Tombstone`, with the type it was
//! and when it went for events and polls (Mastodon and Mobilizon read `formerType`), its id only
//! for news posts.

use activitypub_federation::kinds::object::TombstoneType;
use serde::Serialize;
use url::Url;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tombstone {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: TombstoneType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted: Option<String>,
}

impl Tombstone {
    /// The tombstone of an object that was `former_type`, deleted now.
    pub fn of(id: Url, former_type: &'static str) -> Tombstone {
        Tombstone {
            id,
            kind: TombstoneType::Tombstone,
            former_type: Some(former_type),
            deleted: Some(chrono::Utc::now().to_rfc3339()),
        }
    }

    /// Its id and type, nothing else.
    pub fn bare(id: Url) -> Tombstone {
        Tombstone {
            id,
            kind: TombstoneType::Tombstone,
            former_type: None,
            deleted: None,
        }
    }
}
