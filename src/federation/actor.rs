//! Actors: the association's own (`LocalActor`, its addresses and key pair) and the remote ones
//! we hear from (`DbActor`, stored in `remote_actors`). One stored type and one wire type, as
//! activitypub_federation wants them.

use activitypub_federation::{
    config::Data,
    fetch::object_id::ObjectId,
    http_signatures::generate_actor_keypair,
    kinds::object::ImageType,
    protocol::{context::WithContext, public_key::PublicKey, verification::verify_domains_match},
    traits::{Actor, Object},
};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};
use url::Url;

use super::error::FedError;
use crate::App;
use crate::config::Settings;
use crate::db::{DbConn, now, schema::remote_actors, settings};

/// The association's actor: addresses derived from the settings, keys made at first start.
#[derive(Debug, Clone)]
pub struct LocalActor {
    pub id: Url,
    pub inbox: Url,
    pub shared_inbox: Url,
    pub outbox: Url,
    pub followers: Url,
    pub public_key_pem: String,
    pub private_key_pem: String,
}

impl LocalActor {
    /// Reads the key pair, or makes it on the first start. `set_once` keeps one pair even when
    /// two processes start together on a new database.
    pub fn load_or_create(conn: &mut DbConn, settings: &Settings) -> anyhow::Result<LocalActor> {
        let private = match settings::get(conn, "actor_private_key")? {
            Some(private) => private,
            None => {
                let pair = generate_actor_keypair()?;
                let kept = settings::set_once(conn, "actor_private_key", &pair.private_key)?;
                if kept == pair.private_key {
                    settings::set(conn, "actor_public_key", &pair.public_key)?;
                }
                kept
            }
        };
        let public = loop {
            // The process that made the pair writes the public half right after the private one.
            if let Some(public) = settings::get(conn, "actor_public_key")? {
                break public;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let id = Url::parse(&settings.url(&crate::urls::actor(&settings.handle)))?;
        Ok(LocalActor {
            inbox: Url::parse(&format!("{id}/inbox"))?,
            outbox: Url::parse(&format!("{id}/outbox"))?,
            followers: Url::parse(&format!("{id}/followers"))?,
            shared_inbox: Url::parse(&settings.url(crate::urls::SHARED_INBOX))?,
            id,
            public_key_pem: public,
            private_key_pem: private,
        })
    }

    pub fn key_id(&self) -> String {
        format!("{}#main-key", self.id)
    }

    /// The actor document, as Mastodon, Mobilizon and Fedify read it.
    pub fn document(&self, settings: &Settings) -> WithContext<ActorJson> {
        let actor = ActorJson {
            kind: "Organization".into(),
            id: self.id.clone().into(),
            preferred_username: Some(settings.handle.clone()),
            name: Some(settings.name.clone()),
            summary: Some(String::new()),
            url: Some(settings.url("/")),
            inbox: self.inbox.clone(),
            outbox: Some(self.outbox.clone()),
            followers: Some(self.followers.clone()),
            endpoints: Some(Endpoints {
                shared_inbox: Some(self.shared_inbox.clone()),
            }),
            shared_inbox: None,
            manually_approves_followers: Some(false),
            discoverable: Some(true),
            indexable: Some(true),
            icon: Some(Image {
                kind: ImageType::Image,
                media_type: "image/svg+xml",
                url: settings.url("/static/logo.svg"),
            }),
            public_key: PublicKey {
                id: self.key_id(),
                owner: self.id.clone(),
                public_key_pem: self.public_key_pem.clone(),
            },
            webfinger: Some(format!("{}@{}", settings.handle, settings.domain())),
        };
        WithContext::new(actor, super::context())
    }
}

/// An actor as activitypub_federation handles it: ours (with its private key) or a remote one.
#[derive(Debug, Clone)]
pub struct DbActor {
    pub ap_id: Url,
    pub preferred_username: String,
    pub display_name: String,
    pub inbox: Url,
    pub shared_inbox: Option<Url>,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub fetched_at: Option<NaiveDateTime>,
}

impl DbActor {
    pub fn local(app: &App) -> DbActor {
        DbActor {
            ap_id: app.actor.id.clone(),
            preferred_username: app.settings.handle.clone(),
            display_name: app.settings.name.clone(),
            inbox: app.actor.inbox.clone(),
            shared_inbox: Some(app.actor.shared_inbox.clone()),
            public_key_pem: app.actor.public_key_pem.clone(),
            private_key_pem: Some(app.actor.private_key_pem.clone()),
            fetched_at: None,
        }
    }
}

/// An actor's document, one shape both ways: a remote one read leniently (servers differ in
/// what they send), and ours as we serve it, with the fields only we write.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActorJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: ObjectId<DbActor>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub inbox: Url,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<Url>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub followers: Option<Url>,
    #[serde(default)]
    pub endpoints: Option<Endpoints>,
    /// Some servers put it at the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<Url>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub manually_approves_followers: Option<bool>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub discoverable: Option<bool>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub indexable: Option<bool>,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Image>,
    #[serde(deserialize_with = "first_key")]
    pub public_key: PublicKey,
    /// Written in ours; not read from theirs.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub webfinger: Option<String>,
}

/// Our actor's picture.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    #[serde(rename = "type")]
    pub kind: ImageType,
    pub media_type: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default)]
    pub shared_inbox: Option<Url>,
}

/// `publicKey` is an object, or (on a few servers) an array of them: take the first.
fn first_key<'de, D: Deserializer<'de>>(d: D) -> Result<PublicKey, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PublicKey),
        Many(Vec<PublicKey>),
    }
    match OneOrMany::deserialize(d)? {
        OneOrMany::One(k) => Ok(k),
        OneOrMany::Many(keys) => keys
            .into_iter()
            .next()
            .ok_or_else(|| serde::de::Error::custom("publicKey is empty")),
    }
}

/// Types of actors we accept to hear from.
const ACTOR_TYPES: &[&str] = &["Person", "Service", "Application", "Group", "Organization"];

#[derive(Queryable, Selectable)]
#[diesel(table_name = remote_actors)]
struct RemoteActorRow {
    ap_id: String,
    preferred_username: String,
    display_name: String,
    inbox: String,
    shared_inbox: Option<String>,
    public_key_pem: String,
    fetched_at: NaiveDateTime,
}

impl RemoteActorRow {
    fn into_actor(self) -> Option<DbActor> {
        Some(DbActor {
            ap_id: Url::parse(&self.ap_id).ok()?,
            preferred_username: self.preferred_username,
            display_name: self.display_name,
            inbox: Url::parse(&self.inbox).ok()?,
            shared_inbox: self.shared_inbox.and_then(|s| Url::parse(&s).ok()),
            public_key_pem: self.public_key_pem,
            private_key_pem: None,
            fetched_at: Some(self.fetched_at),
        })
    }
}

pub fn find_remote(conn: &mut DbConn, ap_id: &str) -> QueryResult<Option<DbActor>> {
    Ok(remote_actors::table
        .filter(remote_actors::ap_id.eq(ap_id))
        .select(RemoteActorRow::as_select())
        .first(conn)
        .optional()?
        .and_then(RemoteActorRow::into_actor))
}

/// Stores a fetched actor, or refreshes the stored one. Many activities of an actor we have not
/// met yet can arrive at once, each having fetched it: the first stores it and the others
/// refresh it (two inserts would break the unique `ap_id`, which PostgreSQL's concurrent
/// writers do hit), so the update comes first and the insert yields to a row that appeared.
/// Runs on its own, outside any transaction: a refused insert aborts nothing else.
fn save_remote(conn: &mut DbConn, actor: &DbActor) -> QueryResult<()> {
    if refresh_remote(conn, actor)? > 0 {
        return Ok(());
    }
    let inserted = diesel::insert_into(remote_actors::table)
        .values((
            remote_actors::ap_id.eq(actor.ap_id.as_str()),
            remote_actors::preferred_username.eq(&actor.preferred_username),
            remote_actors::display_name.eq(&actor.display_name),
            remote_actors::inbox.eq(actor.inbox.as_str()),
            remote_actors::shared_inbox.eq(actor.shared_inbox.as_ref().map(Url::as_str)),
            remote_actors::public_key_pem.eq(&actor.public_key_pem),
            remote_actors::fetched_at.eq(now()),
        ))
        .execute(conn);
    match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => refresh_remote(conn, actor).map(|_| ()),
        other => other.map(|_| ()),
    }
}

fn refresh_remote(conn: &mut DbConn, actor: &DbActor) -> QueryResult<usize> {
    diesel::update(remote_actors::table.filter(remote_actors::ap_id.eq(actor.ap_id.as_str())))
        .set((
            remote_actors::preferred_username.eq(&actor.preferred_username),
            remote_actors::display_name.eq(&actor.display_name),
            remote_actors::inbox.eq(actor.inbox.as_str()),
            remote_actors::shared_inbox.eq(actor.shared_inbox.as_ref().map(Url::as_str)),
            remote_actors::public_key_pem.eq(&actor.public_key_pem),
            remote_actors::fetched_at.eq(now()),
        ))
        .execute(conn)
}

pub fn forget_remote(conn: &mut DbConn, ap_id: &str) -> QueryResult<()> {
    diesel::delete(remote_actors::table.filter(remote_actors::ap_id.eq(ap_id))).execute(conn)?;
    Ok(())
}

#[async_trait::async_trait]
impl Object for DbActor {
    type DataType = App;
    type Kind = ActorJson;
    type Error = FedError;

    fn id(&self) -> &Url {
        &self.ap_id
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        self.fetched_at.map(|t| t.and_utc())
    }

    async fn read_from_id(object_id: Url, data: &Data<App>) -> Result<Option<Self>, FedError> {
        if object_id == data.actor.id {
            return Ok(Some(DbActor::local(data)));
        }
        let id = object_id.to_string();
        Ok(data
            .db
            .run(move |c| find_remote(c, &id).map_err(FedError::from))
            .await?)
    }

    /// The remote server answered 410 Gone for this actor: forget it and its follow.
    async fn delete(&self, data: &Data<App>) -> Result<(), FedError> {
        let id = self.ap_id.to_string();
        crate::app::audience::follower_left(data.app_data(), id.clone(), None).await?;
        data.db
            .run(move |c| forget_remote(c, &id).map_err(FedError::from))
            .await
    }

    async fn into_json(self, data: &Data<App>) -> Result<ActorJson, FedError> {
        Ok(ActorJson {
            kind: "Organization".into(),
            id: self.ap_id.clone().into(),
            preferred_username: Some(self.preferred_username.clone()),
            name: Some(self.display_name.clone()),
            inbox: self.inbox.clone(),
            endpoints: Some(Endpoints {
                shared_inbox: self.shared_inbox.clone(),
            }),
            shared_inbox: None,
            public_key: PublicKey {
                id: format!("{}#main-key", self.ap_id),
                owner: self.ap_id.clone(),
                public_key_pem: data.actor.public_key_pem.clone(),
            },
            summary: None,
            url: None,
            outbox: None,
            followers: None,
            manually_approves_followers: None,
            discoverable: None,
            indexable: None,
            icon: None,
            webfinger: None,
        })
    }

    async fn verify(
        json: &ActorJson,
        expected_domain: &Url,
        _data: &Data<App>,
    ) -> Result<(), FedError> {
        verify_domains_match(json.id.inner(), expected_domain)?;
        verify_domains_match(&json.public_key.owner, json.id.inner())?;
        if !ACTOR_TYPES.contains(&json.kind.as_str()) {
            return Err(FedError::Refused(format!(
                "{} is not an actor type we accept",
                json.kind
            )));
        }
        Ok(())
    }

    async fn from_json(json: ActorJson, data: &Data<App>) -> Result<Self, FedError> {
        let name = |s: Option<String>| s.map(|s| s.chars().take(200).collect::<String>());
        let preferred_username = name(json.preferred_username).unwrap_or_default();
        let actor = DbActor {
            display_name: name(json.name).unwrap_or_else(|| preferred_username.clone()),
            preferred_username,
            ap_id: json.id.into_inner(),
            inbox: json.inbox,
            shared_inbox: json
                .endpoints
                .and_then(|e| e.shared_inbox)
                .or(json.shared_inbox),
            public_key_pem: json.public_key.public_key_pem,
            private_key_pem: None,
            fetched_at: Some(now()),
        };
        let stored = actor.clone();
        data.db
            .run(move |c| save_remote(c, &stored).map_err(FedError::from))
            .await?;
        Ok(actor)
    }
}

impl Actor for DbActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        self.private_key_pem.clone()
    }

    fn inbox(&self) -> Url {
        self.inbox.clone()
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.shared_inbox.clone()
    }
}
