//! WebFinger (`acct:handle@domain` → the actor) and NodeInfo 2.0 / 2.1.

use activitypub_federation::config::Data;
use axum::{
    extract::{Path, Query},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use crate::App;
use crate::error::Error;
use crate::site::posts;

#[derive(Deserialize)]
pub struct WebfingerQuery {
    resource: String,
}

/// Answers for `acct:handle@domain` (with or without `acct:`) and for the actor's URL.
pub async fn webfinger(
    data: Data<App>,
    Query(q): Query<WebfingerQuery>,
) -> Result<Response, Error> {
    let settings = &data.settings;
    let acct = format!("{}@{}", settings.handle, settings.domain());
    let resource = q.resource.trim();
    let matches = resource
        .strip_prefix("acct:")
        .unwrap_or(resource)
        .eq_ignore_ascii_case(&acct)
        || resource == data.actor.id.as_str();
    if !matches {
        return Err(Error::NotFound);
    }
    let body = json!({
        "subject": format!("acct:{acct}"),
        "aliases": [data.actor.id, settings.url("/")],
        "links": [
            { "rel": "self", "type": "application/activity+json", "href": data.actor.id },
            { "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": settings.url("/") },
        ],
    });
    Ok((
        [(header::CONTENT_TYPE, "application/jrd+json")],
        body.to_string(),
    )
        .into_response())
}

pub async fn nodeinfo_links(data: Data<App>) -> Response {
    axum::Json(json!({
        "links": [
            { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": data.settings.url("/nodeinfo/2.0") },
            { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": data.settings.url("/nodeinfo/2.1") },
            { "rel": "https://www.w3.org/ns/activitystreams#Application", "href": data.actor.id },
        ]
    }))
    .into_response()
}

pub async fn nodeinfo(data: Data<App>, Path(version): Path<String>) -> Result<Response, Error> {
    let version = match version.trim_end_matches(".json") {
        v @ ("2.0" | "2.1") => v.to_string(),
        _ => return Err(Error::NotFound),
    };
    let posts = data.db.read(posts::count_published).await?;
    let software = json!({ "name": "cheminement", "version": env!("CARGO_PKG_VERSION") });
    let body = json!({
        "version": version,
        "software": software,
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": ["atom1.0"] },
        "openRegistrations": false,
        "usage": { "users": { "total": 1, "activeMonth": 1, "activeHalfyear": 1 }, "localPosts": posts },
        "metadata": { "nodeName": data.settings.name },
    });
    let profile = format!(
        "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\""
    );
    Ok(([(header::CONTENT_TYPE, profile)], body.to_string()).into_response())
}
