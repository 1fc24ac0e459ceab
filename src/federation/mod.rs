//! The ActivityPub face: the association as one actor, its inbox and outbox, WebFinger and
//! NodeInfo, and the wire shapes of what it sends and receives. It translates between
//! activities and the domain; the domain calls nothing here.
//!
//! Built on activitypub_federation for signatures and fetching; delivery goes through our own
//! durable job queue (`delivery`), not the crate's in-memory one.

pub mod activities;
pub mod actor;
pub mod delivery;
pub mod error;
pub mod inbox;
pub mod negotiation;
pub mod objects;
pub mod publications;
pub mod replays;
pub mod routes;
pub mod rsvp;
pub mod signed_request;
pub mod wellknown;

use activitypub_federation::config::{Data, FederationConfig, UrlVerifier};
use std::time::Duration;
use url::Url;

use crate::App;

pub type FedData = Data<App>;

/// The `@context` of the documents we serve: ActivityStreams, the security vocabulary (without
/// it Fedify and others ignore `publicKey`), and the few extensions Mastodon reads.
pub fn context() -> serde_json::Value {
    static CONTEXT: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(CONTEXT_JSON).expect("the actor context is valid JSON")
    });
    CONTEXT.clone()
}

const CONTEXT_JSON: &str = r#"[
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable"
    }
]"#;

/// The public collection, as an address.
pub fn public() -> Url {
    Url::parse(PUBLIC).expect("the public collection is a URL")
}

pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
pub const CONTENT_TYPE: &str = "application/activity+json";

/// Fetches stop after this long, and deliveries too.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The client used for every outgoing federation request: `net::http_client`, with the
/// federation's timeout (no redirects followed blindly, public addresses only unless
/// `allow_private_addresses`).
pub fn http_client(
    allow_private_addresses: bool,
) -> anyhow::Result<reqwest_middleware::ClientWithMiddleware> {
    crate::net::http_client(allow_private_addresses, REQUEST_TIMEOUT)
}

/// Refuses blocked domains and blocked actors before anything is fetched from them or sent to
/// them (so that a blocked actor's document is not even fetched and kept).
#[derive(Clone)]
struct BlockList(App);

#[async_trait::async_trait]
impl UrlVerifier for BlockList {
    async fn verify(&self, url: &Url) -> Result<(), activitypub_federation::error::Error> {
        let host = url.host_str().unwrap_or("").to_string();
        let target = url.to_string();
        let (domain, actor) = self
            .0
            .db
            .run(move |c| {
                let domain = crate::audience::blocks::is_domain_blocked(c, &host)?;
                let actor = domain || crate::audience::blocks::is_actor_blocked(c, &target)?;
                Ok::<_, crate::error::Error>((domain, actor))
            })
            .await
            .unwrap_or((false, false));
        if domain {
            Err(activitypub_federation::error::Error::UrlVerificationError(
                "this domain is blocked",
            ))
        } else if actor {
            Err(activitypub_federation::error::Error::UrlVerificationError(
                "this actor is blocked",
            ))
        } else {
            Ok(())
        }
    }
}

/// The crate's configuration for this server. With `allow_private_addresses` (tests and
/// development) it runs in its debug mode: http URLs, ports and loopback addresses are allowed.
pub async fn config(app: App) -> anyhow::Result<FederationConfig<App>> {
    let debug = app.settings.allow_private_addresses;
    let local = actor::DbActor::local(&app);
    let config = FederationConfig::builder()
        .domain(app.settings.domain())
        .app_data(app.clone())
        .client(app.http.clone())
        .debug(debug)
        .allow_http_urls(debug)
        .request_timeout(REQUEST_TIMEOUT)
        .http_fetch_limit(20)
        .url_verifier(Box::new(BlockList(app.clone())))
        .signed_fetch_actor(&local)
        .queue_worker_count(1)
        .build()
        .await?;
    Ok(config)
}

/// A fresh activity id on this server.
pub fn new_activity_id(app: &App) -> Url {
    url(&app
        .settings
        .url(&crate::urls::activity(&uuid::Uuid::new_v4().to_string())))
}

/// One of our own addresses (built from the base URL, which the settings checked) as a URL.
pub fn url(address: &str) -> Url {
    Url::parse(address).expect("our own addresses are URLs")
}
