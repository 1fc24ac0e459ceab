//! The fake peer the federation tests talk to: a small axum server on loopback that serves
//! actor documents with their keys, signs what it sends as activitypub_federation does, and
//! keeps every POST it receives so that a test can check what the server delivered (and verify
//! its signature with the server's public key). Several actors can live on one peer.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use activitypub_federation::{
    config::FederationConfig,
    http_signatures::{Keypair, generate_actor_keypair},
};
use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::Engine;
use cheminement::federation::actor::DbActor;
use rsa::{Pkcs1v15Sign, RsaPublicKey, pkcs8::DecodePublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

use super::TestServer;

pub const AS: &str = "https://www.w3.org/ns/activitystreams";

/// One POST the peer received.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("the server sent JSON")
    }
}

pub struct PeerActor {
    pub keys: Keypair,
    pub signer: FederationConfig<()>,
}

pub struct PeerState {
    pub base: String,
    pub actors: Mutex<HashMap<String, Arc<PeerActor>>>,
    pub received: Mutex<Vec<Received>>,
    /// The names of the actor documents fetched from the peer, in order.
    pub fetched: Mutex<Vec<String>>,
}

pub struct Peer {
    pub base: String,
    pub domain: String,
    pub state: Arc<PeerState>,
    pub client: reqwest_middleware::ClientWithMiddleware,
    pub task: tokio::task::JoinHandle<()>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn peer_actor(State(state): State<Arc<PeerState>>, Path(name): Path<String>) -> Response {
    state.fetched.lock().unwrap().push(name.clone());
    let Some(actor) = state.actors.lock().unwrap().get(&name).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let id = format!("{}/users/{name}", state.base);
    let doc = json!({
        "@context": [AS, "https://w3id.org/security/v1"],
        "id": id,
        "type": "Person",
        "preferredUsername": name,
        "name": format!("{name} on the peer"),
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
        "endpoints": { "sharedInbox": format!("{}/inbox", state.base) },
        "publicKey": {
            "id": format!("{id}#main-key"),
            "owner": id,
            "publicKeyPem": actor.keys.public_key,
        },
    });
    (
        [(header::CONTENT_TYPE, "application/activity+json")],
        doc.to_string(),
    )
        .into_response()
}

async fn peer_inbox(
    State(state): State<Arc<PeerState>>,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    state.received.lock().unwrap().push(Received {
        path: uri.path().to_string(),
        headers,
        body,
    });
    StatusCode::ACCEPTED
}

impl Peer {
    /// Starts the peer on a loopback port, reachable as `localhost:PORT` (activitypub_federation
    /// refuses URLs with an IP literal).
    pub async fn start() -> Peer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://localhost:{port}");
        let state = Arc::new(PeerState {
            base: base.clone(),
            actors: Mutex::new(HashMap::new()),
            received: Mutex::new(Vec::new()),
            fetched: Mutex::new(Vec::new()),
        });
        let router = Router::new()
            .route("/users/{name}", get(peer_actor))
            .route("/users/{name}/inbox", post(peer_inbox))
            .route("/inbox", post(peer_inbox))
            .with_state(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Peer {
            base,
            domain: format!("localhost:{port}"),
            state,
            client: reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).build(),
            task,
        }
    }

    pub fn actor_id(&self, name: &str) -> String {
        format!("{}/users/{name}", self.base)
    }

    /// A signer for `actor_id` with the given private key, as the crate signs its deliveries.
    pub async fn signer(&self, actor_id: &str, keys: &Keypair) -> FederationConfig<()> {
        let actor = DbActor {
            ap_id: Url::parse(actor_id).unwrap(),
            preferred_username: "signer".into(),
            display_name: "signer".into(),
            inbox: Url::parse(&format!("{actor_id}/inbox")).unwrap(),
            shared_inbox: None,
            public_key_pem: keys.public_key.clone(),
            private_key_pem: Some(keys.private_key.clone()),
            fetched_at: None,
        };
        FederationConfig::builder()
            .domain(self.domain.clone())
            .app_data(())
            .debug(true)
            .signed_fetch_actor(&actor)
            .build()
            .await
            .unwrap()
    }

    /// Adds an actor (with a fresh key pair) served at /users/NAME; returns its id.
    pub async fn add_actor(&self, name: &str) -> String {
        let id = self.actor_id(name);
        let keys = generate_actor_keypair().unwrap();
        let signer = self.signer(&id, &keys).await;
        self.state
            .actors
            .lock()
            .unwrap()
            .insert(name.to_string(), Arc::new(PeerActor { keys, signer }));
        id
    }

    pub fn signer_of(&self, name: &str) -> FederationConfig<()> {
        self.state.actors.lock().unwrap()[name].signer.clone()
    }

    /// POSTs `body` to `url`, signed (draft-cavage, with a SHA-256 Digest) by `signer`.
    pub async fn post_with(
        &self,
        signer: &FederationConfig<()>,
        url: &str,
        body: String,
    ) -> reqwest::Response {
        // Host and Date are set before signing so that the signature covers them, as the
        // inbox requires (and as Mastodon signs).
        let target = Url::parse(url).unwrap();
        let host = match target.port() {
            Some(port) => format!("{}:{port}", target.host_str().unwrap()),
            None => target.host_str().unwrap().to_string(),
        };
        let request = self
            .client
            .post(url)
            .header(header::HOST, host)
            .header(
                header::DATE,
                httpdate::fmt_http_date(std::time::SystemTime::now()),
            )
            .header(header::CONTENT_TYPE, "application/activity+json")
            .header(header::ACCEPT, "application/activity+json");
        let request = signer
            .to_request_data()
            .sign_request(request, bytes::Bytes::from(body))
            .await
            .unwrap();
        self.client.execute(request).await.unwrap()
    }

    /// POSTs an activity signed by the peer's actor NAME.
    pub async fn post_signed(&self, name: &str, url: &str, activity: &Value) -> reqwest::Response {
        let signer = self.signer_of(name);
        self.post_with(&signer, url, activity.to_string()).await
    }

    /// The names of the actors whose documents were fetched from the peer.
    pub fn fetched(&self) -> Vec<String> {
        self.state.fetched.lock().unwrap().clone()
    }

    pub fn keys_of(&self, name: &str) -> Keypair {
        self.state.actors.lock().unwrap()[name].keys.clone()
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    pub fn clear(&self) {
        self.state.received.lock().unwrap().clear();
    }

    pub fn new_id(&self) -> String {
        format!("{}/activities/{}", self.base, uuid::Uuid::new_v4())
    }
}

/// The parameters of a draft-cavage `Signature` header.
pub fn signature_params(value: &str) -> HashMap<String, String> {
    value
        .split(',')
        .filter_map(|part| part.trim().split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

/// Checks a POST the server made: a draft-cavage signature by the server's key over the
/// request target and the Digest, and a Digest that matches the body.
pub fn verify_server_signature(r: &Received, server: &TestServer) {
    let signature = r
        .headers
        .get("signature")
        .expect("the delivery is signed")
        .to_str()
        .unwrap();
    let params = signature_params(signature);
    assert_eq!(params["keyId"], server.app.actor.key_id(), "{signature}");
    let names: Vec<&str> = params["headers"].split(' ').collect();
    assert!(names.contains(&"(request-target)"), "{signature}");
    assert!(
        names.contains(&"digest"),
        "the Digest is signed: {signature}"
    );

    let digest = r.headers["digest"].to_str().unwrap();
    let expected = format!(
        "SHA-256={}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(r.body.as_bytes()))
    );
    assert_eq!(digest, expected, "the Digest matches the body");

    let signing_string = names
        .iter()
        .map(|name| {
            let value = match *name {
                "(request-target)" => format!("post {}", r.path),
                "(created)" => params["created"].clone(),
                "(expires)" => params["expires"].clone(),
                other => r
                    .headers
                    .get(other)
                    .unwrap_or_else(|| panic!("signed header {other} is missing"))
                    .to_str()
                    .unwrap()
                    .to_string(),
            };
            format!("{name}: {value}")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let key = RsaPublicKey::from_public_key_pem(&server.app.actor.public_key_pem).unwrap();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(&params["signature"])
        .unwrap();
    key.verify(
        Pkcs1v15Sign::new::<Sha256>(),
        &Sha256::digest(signing_string.as_bytes()),
        &raw,
    )
    .expect("the signature verifies with the server's public key");
}

/// Waits until the peer has received `n` POSTs (the job queue is settled first).
pub async fn peer_wait_for(peer: &Peer, n: usize) -> Vec<Received> {
    for _ in 0..100 {
        let got = peer.received();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "expected {n} POST(s) at the peer, got {}",
        peer.received().len()
    );
}

impl Peer {
    /// What reached the personal inbox of the peer's actor NAME, as JSON, oldest first.
    pub fn received_by(&self, name: &str) -> Vec<Value> {
        let path = format!("/users/{name}/inbox");
        self.received()
            .iter()
            .filter(|r| r.path == path)
            .map(Received::json)
            .collect()
    }
}
