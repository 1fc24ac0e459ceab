//! WebFinger (`acct:handle@domain` → the actor) and NodeInfo 2.0 / 2.1.

use activitypub_federation::config::Data;
use axum::{
    extract::{Path, Query},
    http::header,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use url::Url;

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
    let body = Jrd {
        subject: format!("acct:{acct}"),
        aliases: vec![data.actor.id.to_string(), settings.url("/")],
        links: vec![
            JrdLink {
                rel: "self",
                kind: "application/activity+json",
                href: data.actor.id.to_string(),
            },
            JrdLink {
                rel: "http://webfinger.net/rel/profile-page",
                kind: "text/html",
                href: settings.url("/"),
            },
        ],
    };
    let body = serde_json::to_string(&body).map_err(Error::internal)?;
    Ok(([(header::CONTENT_TYPE, "application/jrd+json")], body).into_response())
}

/// The WebFinger answer (RFC 7033). activitypub_federation's `Webfinger` writes
/// `"template": null` in every link, which this one does not.
#[derive(Debug, Serialize)]
pub struct Jrd {
    pub subject: String,
    pub aliases: Vec<String>,
    pub links: Vec<JrdLink>,
}

#[derive(Debug, Serialize)]
pub struct JrdLink {
    pub rel: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub href: String,
}

/// `/.well-known/nodeinfo`: where the NodeInfo documents are.
#[derive(Debug, Serialize)]
pub struct NodeInfoLinks {
    pub links: Vec<NodeInfoLink>,
}

#[derive(Debug, Serialize)]
pub struct NodeInfoLink {
    pub rel: &'static str,
    pub href: Url,
}

/// A NodeInfo 2.0 or 2.1 document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub version: String,
    pub software: Software,
    pub protocols: Vec<&'static str>,
    pub services: Services,
    pub open_registrations: bool,
    pub usage: Usage,
    pub metadata: Metadata,
}

#[derive(Debug, Serialize)]
pub struct Software {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Services {
    pub inbound: Vec<&'static str>,
    pub outbound: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub users: Users,
    pub local_posts: i64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Users {
    pub total: i64,
    pub active_month: i64,
    pub active_halfyear: i64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub node_name: String,
}

pub async fn nodeinfo_links(data: Data<App>) -> Response {
    let schema = |version: &str| super::url(&data.settings.url(&format!("/nodeinfo/{version}")));
    axum::Json(NodeInfoLinks {
        links: vec![
            NodeInfoLink {
                rel: "http://nodeinfo.diaspora.software/ns/schema/2.0",
                href: schema("2.0"),
            },
            NodeInfoLink {
                rel: "http://nodeinfo.diaspora.software/ns/schema/2.1",
                href: schema("2.1"),
            },
            NodeInfoLink {
                rel: "https://www.w3.org/ns/activitystreams#Application",
                href: data.actor.id.clone(),
            },
        ],
    })
    .into_response()
}

pub async fn nodeinfo(data: Data<App>, Path(version): Path<String>) -> Result<Response, Error> {
    let version = match version.trim_end_matches(".json") {
        v @ ("2.0" | "2.1") => v.to_string(),
        _ => return Err(Error::NotFound),
    };
    let posts = data.db.read(posts::count_published).await?;
    let profile = format!(
        "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\""
    );
    let body = NodeInfo {
        version,
        software: Software {
            name: "cheminement",
            version: env!("CARGO_PKG_VERSION"),
        },
        protocols: vec!["activitypub"],
        services: Services {
            inbound: Vec::new(),
            outbound: vec!["atom1.0"],
        },
        open_registrations: false,
        usage: Usage {
            users: Users {
                total: 1,
                active_month: 1,
                active_halfyear: 1,
            },
            local_posts: posts,
        },
        metadata: Metadata {
            node_name: data.settings.name.clone(),
        },
    };
    let body = serde_json::to_string(&body).map_err(Error::internal)?;
    Ok(([(header::CONTENT_TYPE, profile)], body).into_response())
}
