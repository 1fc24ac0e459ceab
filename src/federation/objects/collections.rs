//! The collections we serve: they give counts, and the outbox its pages. Who follows the
//! association and who attends an event are not public, so those list nobody.

use activitypub_federation::kinds::collection::{
    CollectionType, OrderedCollectionPageType, OrderedCollectionType,
};
use serde::Serialize;
use url::Url;

/// A count: an event's attendees (served, and embedded in the Event), a poll option's votes
/// (embedded without an id).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Url>,
    #[serde(rename = "type")]
    pub kind: CollectionType,
    pub total_items: i64,
}

/// The followers (a count only) and the outbox (a count and its first page).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollection {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: OrderedCollectionType,
    pub total_items: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<Url>,
}

/// One page of the outbox.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollectionPage<T> {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: OrderedCollectionPageType,
    pub part_of: Url,
    pub total_items: i64,
    pub ordered_items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Url>,
}
