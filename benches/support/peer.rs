//! A minimal fediverse peer for the benchmarks, on activitypub_federation: one actor that can
//! sign what it sends, and inboxes that verify every signature they receive (fetching the
//! sender's actor document once) and count what verified.
#![allow(dead_code)]

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use activitypub_federation::{
    axum::inbox::{ActivityData, receive_activity},
    config::{Data, FederationConfig, FederationMiddleware},
    fetch::object_id::ObjectId,
    http_signatures::generate_actor_keypair,
    protocol::{context::WithContext, public_key::PublicKey},
    traits::{Activity, Actor, Object},
};
use axum::{
    Router,
    extract::Path,
    http::StatusCode,
    response::IntoResponse,
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Clone, Default)]
pub struct PeerState {
    actors: Arc<Mutex<HashMap<Url, PeerActor>>>,
    /// Verified deliveries, per inbox number.
    pub received: Arc<Mutex<HashMap<u32, u64>>>,
    pub verified: Arc<AtomicU64>,
    pub refused: Arc<AtomicU64>,
}

#[derive(Debug, Clone)]
pub struct PeerActor {
    pub id: Url,
    pub inbox: Url,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonJson {
    #[serde(rename = "type")]
    kind: String,
    id: ObjectId<PeerActor>,
    inbox: Url,
    public_key: PublicKey,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PeerError(String);

impl From<activitypub_federation::error::Error> for PeerError {
    fn from(e: activitypub_federation::error::Error) -> Self {
        PeerError(e.to_string())
    }
}

#[async_trait::async_trait]
impl Object for PeerActor {
    type DataType = PeerState;
    type Kind = PersonJson;
    type Error = PeerError;

    fn id(&self) -> &Url {
        &self.id
    }

    async fn read_from_id(id: Url, data: &Data<PeerState>) -> Result<Option<Self>, PeerError> {
        Ok(data.actors.lock().unwrap().get(&id).cloned())
    }

    async fn into_json(self, _data: &Data<PeerState>) -> Result<PersonJson, PeerError> {
        Ok(PersonJson {
            kind: "Person".into(),
            id: self.id.clone().into(),
            inbox: self.inbox.clone(),
            public_key: PublicKey {
                id: format!("{}#main-key", self.id),
                owner: self.id.clone(),
                public_key_pem: self.public_key_pem.clone(),
            },
        })
    }

    async fn verify(
        _json: &PersonJson,
        _expected: &Url,
        _data: &Data<PeerState>,
    ) -> Result<(), PeerError> {
        Ok(())
    }

    async fn from_json(json: PersonJson, data: &Data<PeerState>) -> Result<Self, PeerError> {
        let actor = PeerActor {
            id: json.id.into_inner(),
            inbox: json.inbox,
            public_key_pem: json.public_key.public_key_pem,
            private_key_pem: None,
        };
        data.actors
            .lock()
            .unwrap()
            .insert(actor.id.clone(), actor.clone());
        Ok(actor)
    }
}

impl Actor for PeerActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }
    fn private_key_pem(&self) -> Option<String> {
        self.private_key_pem.clone()
    }
    fn inbox(&self) -> Url {
        self.inbox.clone()
    }
}

/// Whatever arrives: its signature is what is checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnyActivity {
    id: Url,
    actor: ObjectId<PeerActor>,
}

#[async_trait::async_trait]
impl Activity for AnyActivity {
    type DataType = PeerState;
    type Error = PeerError;
    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        self.actor.inner()
    }
    async fn verify(&self, _data: &Data<PeerState>) -> Result<(), PeerError> {
        Ok(())
    }
    async fn receive(self, _data: &Data<PeerState>) -> Result<(), PeerError> {
        Ok(())
    }
}

pub struct Peer {
    pub base: String,
    pub actor: PeerActor,
    pub state: PeerState,
    pub config: FederationConfig<PeerState>,
}

impl Peer {
    /// Starts the peer on a loopback port: its actor at `/actor`, inboxes at `/inbox/{n}`.
    pub async fn start() -> Peer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://localhost:{port}");
        let keys = generate_actor_keypair().unwrap();
        let actor = PeerActor {
            id: Url::parse(&format!("{base}/actor")).unwrap(),
            inbox: Url::parse(&format!("{base}/inbox/0")).unwrap(),
            public_key_pem: keys.public_key,
            private_key_pem: Some(keys.private_key),
        };
        let state = PeerState::default();
        state
            .actors
            .lock()
            .unwrap()
            .insert(actor.id.clone(), actor.clone());
        let config = FederationConfig::builder()
            .domain(format!("localhost:{port}"))
            .app_data(state.clone())
            .debug(true)
            .signed_fetch_actor(&actor)
            .build()
            .await
            .unwrap();
        let users_base = base.clone();
        let users_key = actor.public_key_pem.clone();
        let doc = serde_json::json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": actor.id, "type": "Person", "preferredUsername": "bench",
            "inbox": actor.inbox, "endpoints": {"sharedInbox": format!("{base}/inbox/0")},
            "publicKey": {"id": format!("{}#main-key", actor.id), "owner": actor.id, "publicKeyPem": actor.public_key_pem},
        })
        .to_string();
        let router = Router::new()
            .route(
                "/actor",
                get(move || {
                    let doc = doc.clone();
                    async move { ([("content-type", "application/activity+json")], doc) }
                }),
            )
            .route("/inbox/{n}", post(inbox))
            .route(
                "/users/{n}",
                get(move |Path(n): Path<u32>| {
                    let (base, key) = (users_base.clone(), users_key.clone());
                    async move { users_doc(&base, &key, n) }
                }),
            )
            .layer(FederationMiddleware::new(config.clone()));
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Peer {
            base,
            actor,
            state,
            config,
        }
    }

    /// Actor number `n` of this peer (`/users/{n}`), sharing the peer's key pair: many
    /// people cost one key.
    pub fn user(&self, n: u32) -> PeerActor {
        PeerActor {
            id: Url::parse(&format!("{}/users/{n}", self.base)).unwrap(),
            inbox: Url::parse(&self.inbox_url(n)).unwrap(),
            public_key_pem: self.actor.public_key_pem.clone(),
            private_key_pem: self.actor.private_key_pem.clone(),
        }
    }

    /// Signs `activity` as `actor` and POSTs it to `inbox`; the HTTP status, 0 if none.
    pub async fn send_as(&self, actor: &PeerActor, activity: &Outgoing, inbox: &str) -> bool {
        let data = self.config.to_request_data();
        let tasks = activitypub_federation::activity_sending::SendActivityTask::prepare(
            activity,
            actor,
            vec![Url::parse(inbox).unwrap()],
            &data,
        )
        .await
        .unwrap();
        let mut ok = true;
        for task in tasks {
            ok &= task.sign_and_send(&data).await.is_ok();
        }
        ok
    }

    pub fn inbox_url(&self, n: u32) -> String {
        format!("{}/inbox/{n}", self.base)
    }

    /// How many distinct inboxes got at least one verified delivery.
    pub fn inboxes_reached(&self) -> usize {
        self.state.received.lock().unwrap().len()
    }

    pub fn deliveries(&self) -> u64 {
        self.state.received.lock().unwrap().values().sum()
    }

    /// A signed POST of `body` to `url`, from this peer's actor, ready to send.
    pub async fn signed_post(
        &self,
        client: &reqwest_middleware::ClientWithMiddleware,
        url: &str,
        body: String,
    ) -> reqwest::Request {
        let data = self.config.to_request_data();
        // Host and Date are set before signing so that the signature covers them, as the
        // inbox requires (and as Mastodon signs).
        let target = url::Url::parse(url).unwrap();
        let host = match target.port() {
            Some(port) => format!("{}:{port}", target.host_str().unwrap()),
            None => target.host_str().unwrap().to_string(),
        };
        let builder = client
            .post(url)
            .header("host", host)
            .header(
                "date",
                httpdate::fmt_http_date(std::time::SystemTime::now()),
            )
            .header("content-type", "application/activity+json");
        data.sign_request(builder, body.into()).await.unwrap()
    }
}

async fn inbox(
    data: Data<PeerState>,
    Path(n): Path<u32>,
    activity: ActivityData,
) -> impl IntoResponse {
    match receive_activity::<WithContext<AnyActivity>, PeerActor, PeerState>(activity, &data).await
    {
        Ok(()) => {
            data.verified.fetch_add(1, Ordering::Relaxed);
            *data.received.lock().unwrap().entry(n).or_insert(0) += 1;
            StatusCode::ACCEPTED
        }
        Err(e) => {
            data.refused.fetch_add(1, Ordering::Relaxed);
            eprintln!("peer refused a delivery: {e}");
            StatusCode::UNAUTHORIZED
        }
    }
}

fn users_doc(base: &str, key: &str, n: u32) -> axum::response::Response {
    let id = format!("{base}/users/{n}");
    let doc = serde_json::json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id, "type": "Person", "preferredUsername": format!("user{n}"), "name": format!("Personne {n}"),
        "inbox": format!("{base}/inbox/{n}"), "endpoints": {"sharedInbox": format!("{base}/inbox/0")},
        "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": key},
    });
    (
        [("content-type", "application/activity+json")],
        doc.to_string(),
    )
        .into_response()
}

/// An activity this peer sends: any type, with an object given by its id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outgoing {
    #[serde(rename = "@context")]
    pub context: String,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    pub actor: ObjectId<PeerActor>,
    pub object: String,
}

impl Outgoing {
    pub fn new(kind: &str, actor: &PeerActor, object: &str) -> Outgoing {
        Outgoing {
            context: "https://www.w3.org/ns/activitystreams".into(),
            id: Url::parse(&format!("{}/activities/{}", actor.id, uuid::Uuid::new_v4())).unwrap(),
            kind: kind.into(),
            actor: actor.id.clone().into(),
            object: object.into(),
        }
    }
}

#[async_trait::async_trait]
impl Activity for Outgoing {
    type DataType = PeerState;
    type Error = PeerError;
    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        self.actor.inner()
    }
    async fn verify(&self, _data: &Data<PeerState>) -> Result<(), PeerError> {
        Ok(())
    }
    async fn receive(self, _data: &Data<PeerState>) -> Result<(), PeerError> {
        Ok(())
    }
}
