//! The federation face's addresses: the actor, its inbox, outbox and followers, the shared
//! inbox, WebFinger and NodeInfo; and beside each event (whose own address is a public page
//! that answers JSON to an ActivityPub client), its poll and its attendees collection.

use activitypub_federation::config::Data;
use activitypub_federation::{
    kinds::collection::{CollectionType, OrderedCollectionPageType, OrderedCollectionType},
    protocol::context::WithContext,
};
use axum::{
    Router,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};

use super::{
    activities::publish,
    error::refusal,
    inbox,
    objects::{
        collections::{Collection, OrderedCollection, OrderedCollectionPage},
        event as event_object, question,
    },
    url, wellknown,
};
use crate::App;
use crate::audience::followers;
use crate::error::Error;
use crate::site::posts;

pub fn router() -> Router<App> {
    Router::new()
        .route("/.well-known/webfinger", get(wellknown::webfinger))
        .route("/.well-known/nodeinfo", get(wellknown::nodeinfo_links))
        .route("/nodeinfo/{version}", get(wellknown::nodeinfo))
        .route("/actors/{handle}", get(actor))
        .route("/actors/{handle}/inbox", post(inbox::handle))
        .route("/inbox", post(inbox::handle))
        .route("/actors/{handle}/outbox", get(outbox))
        .route("/actors/{handle}/followers", get(followers_collection))
        .route("/events/{slug}/poll", get(event_poll))
        .route("/events/{slug}/attendees", get(event_attendees))
}

/// Answers a JSON-LD document with the ActivityPub content type.
pub fn activity_json<T: Serialize>(document: T) -> Response {
    match serde_json::to_string(&document) {
        Ok(body) => ([(header::CONTENT_TYPE, super::CONTENT_TYPE)], body).into_response(),
        Err(e) => Error::internal(e).into_response(),
    }
}

fn check_handle(data: &Data<App>, handle: &str) -> Result<(), Error> {
    if handle == data.settings.handle {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

async fn actor(
    data: Data<App>,
    Path(handle): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    check_handle(&data, &handle)?;
    if inbox::wants_activity_json(&headers) {
        Ok(activity_json(data.actor.document(&data.settings)))
    } else {
        Ok(Redirect::to("/").into_response())
    }
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<i64>,
}

const OUTBOX_PAGE: i64 = 20;

async fn outbox(
    data: Data<App>,
    Path(handle): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, Error> {
    check_handle(&data, &handle)?;
    let outbox = data.actor.outbox.clone();
    let app = data.app_data().clone();
    let page_url = |page: i64| url(&format!("{outbox}?page={page}"));
    let Some(page) = q.page else {
        let total = data.db.read(posts::count_published).await?;
        return Ok(activity_json(WithContext::new_default(OrderedCollection {
            id: outbox.clone(),
            kind: OrderedCollectionType::OrderedCollection,
            total_items: total,
            first: Some(page_url(1)),
        })));
    };
    if page < 1 {
        return Err(Error::bad_request("error_page_from_1"));
    }
    // A page number so large that its offset does not fit is past the end like any other.
    let Some(offset) = (page - 1).checked_mul(OUTBOX_PAGE) else {
        return Err(Error::NotFound);
    };
    let (items, total) = data
        .db
        .run(move |c| {
            Ok::<_, Error>((
                posts::published(c, OUTBOX_PAGE, offset)?,
                posts::count_published(c)?,
            ))
        })
        .await?;
    if page > 1 && offset >= total {
        return Err(Error::NotFound);
    }
    let doc = OrderedCollectionPage {
        id: page_url(page),
        kind: OrderedCollectionPageType::OrderedCollectionPage,
        part_of: outbox.clone(),
        total_items: total,
        ordered_items: items
            .iter()
            .map(|p| publish::outbox_item(&app, p))
            .collect(),
        next: (offset + OUTBOX_PAGE < total).then(|| page_url(page + 1)),
        prev: (page > 1).then(|| page_url(page - 1)),
    };
    Ok(activity_json(WithContext::new(doc, super::context())))
}

/// The followers collection gives the count only: who follows the association is not public.
async fn followers_collection(
    data: Data<App>,
    Path(handle): Path<String>,
) -> Result<Response, Error> {
    check_handle(&data, &handle)?;
    let total = data.db.read(followers::count).await?;
    Ok(activity_json(WithContext::new_default(OrderedCollection {
        id: data.actor.followers.clone(),
        kind: OrderedCollectionType::OrderedCollection,
        total_items: total,
        first: None,
    })))
}

/// An event's poll (`Question`), always as JSON: it has no page of its own.
async fn event_poll(data: Data<App>, Path(slug): Path<String>) -> Response {
    let app = data.app_data().clone();
    match data
        .db
        .run(move |c| crate::events::agenda::find_published(c, &slug))
        .await
    {
        Ok(event) if event.takes_registrations => activity_json(question::document(&app, &event)),
        _ => not_found(),
    }
}

/// An event's attendees (FEP-8a8e): how many are confirmed, not who.
async fn event_attendees(data: Data<App>, Path(slug): Path<String>) -> Response {
    let app = data.app_data().clone();
    match data
        .db
        .run(move |c| crate::events::agenda::find_published(c, &slug))
        .await
    {
        Ok(event) => activity_json(WithContext::new_default(Collection {
            id: Some(event_object::attendees_id(&app, &event)),
            kind: CollectionType::Collection,
            total_items: event.confirmed_count.into(),
        })),
        _ => not_found(),
    }
}

/// A 404 for an AP client, used by pages that also exist as objects.
pub fn not_found() -> Response {
    refusal(StatusCode::NOT_FOUND, "not found")
}
