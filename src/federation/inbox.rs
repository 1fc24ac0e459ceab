//! The inbox: what we accept, in which order it is checked, and how a replayed activity is
//! recognised. Both the actor's inbox and the shared inbox end here.
//!
//! Order of checks: content type, body size, the signature's headers (`signed_request`: one of
//! each, all covered, our Host, a Date inside the window, nothing fetched yet), the key's owner
//! against the activity's actor; then (in activitypub_federation) the Digest, the JSON, the
//! actor's domain, the actor's key and the HTTP signature; then our `verify`, then the replay
//! check, then `receive`.

use activitypub_federation::{
    axum::inbox::{ActivityData, receive_activity},
    config::Data,
    protocol::context::WithContext,
    traits::Activity,
};
use axum::{
    body::Body,
    extract::{FromRequest, Request},
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use super::{
    activities::{
        accept::Accept, create::Create, delete::Delete, follow::Follow, join::Join, leave::Leave,
        reject::Reject, tentative_accept::TentativeAccept, undo::Undo, unknown::Unknown,
    },
    actor::DbActor,
    error::{ErrorBody, FedError, refusal},
    replays, signed_request,
};
use crate::App;
use crate::db::{now, schema::received_activities};

/// Larger bodies are refused with 413 before anything is parsed.
pub const MAX_BODY: usize = 1024 * 1024;

/// What can arrive. The catch-all comes last, so that an activity we do not handle gets 202
/// and nothing done instead of an error.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum InboxActivity {
    Follow(Follow),
    Undo(Undo),
    Delete(Delete),
    Join(Join),
    Leave(Leave),
    Accept(Accept),
    TentativeAccept(TentativeAccept),
    Reject(Reject),
    Create(Create),
    Unknown(Unknown),
}

/// Calls the same method on whichever activity this is.
macro_rules! each {
    ($self:expr, $a:ident => $body:expr) => {
        match $self {
            InboxActivity::Follow($a) => $body,
            InboxActivity::Undo($a) => $body,
            InboxActivity::Delete($a) => $body,
            InboxActivity::Join($a) => $body,
            InboxActivity::Leave($a) => $body,
            InboxActivity::Accept($a) => $body,
            InboxActivity::TentativeAccept($a) => $body,
            InboxActivity::Reject($a) => $body,
            InboxActivity::Create($a) => $body,
            InboxActivity::Unknown($a) => $body,
        }
    };
}

impl InboxActivity {
    fn kind(&self) -> &'static str {
        match self {
            InboxActivity::Follow(_) => "Follow",
            InboxActivity::Undo(_) => "Undo",
            InboxActivity::Delete(_) => "Delete",
            InboxActivity::Join(_) => "Join",
            InboxActivity::Leave(_) => "Leave",
            InboxActivity::Accept(_) => "Accept",
            InboxActivity::TentativeAccept(_) => "TentativeAccept",
            InboxActivity::Reject(_) => "Reject",
            InboxActivity::Create(_) => "Create",
            InboxActivity::Unknown(_) => "Other",
        }
    }
}

#[async_trait::async_trait]
impl Activity for InboxActivity {
    type DataType = App;
    type Error = FedError;

    fn id(&self) -> &Url {
        each!(self, a => a.id())
    }

    fn actor(&self) -> &Url {
        each!(self, a => a.actor())
    }

    async fn verify(&self, data: &Data<App>) -> Result<(), FedError> {
        each!(self, a => a.verify(data).await)
    }

    /// Records the activity first: if its id was already recorded, it is a replay (or a
    /// retry of one we handled) and nothing more is done. If handling fails, the record is
    /// removed so that the sender's retry is handled. What is kept is bounded: ids, kind,
    /// the hash of the body, and for attendance the object's id (an Undo by id needs it).
    async fn receive(self, data: &Data<App>) -> Result<(), FedError> {
        let id = self.id().to_string();
        if id.len() > MAX_ID {
            return Err(FedError::Refused("the activity's id is too long".into()));
        }
        let kind = self.kind();
        let object_id = if ATTENDANCE.contains(&kind) {
            serde_json::to_value(&self)
                .ok()
                .and_then(|v| super::activities::id_of(&v["object"]).map(str::to_string))
                .filter(|o| o.len() <= MAX_ID)
        } else {
            None
        };
        let record = (
            id.clone(),
            kind,
            self.actor().to_string(),
            object_id,
            BODY_SHA256.try_with(Clone::clone).unwrap_or_default(),
        );
        let first_time = data
            .db
            .run(move |c| {
                let inserted = diesel::insert_into(received_activities::table)
                    .values((
                        received_activities::ap_id.eq(&record.0),
                        received_activities::kind.eq(record.1),
                        received_activities::actor.eq(&record.2),
                        received_activities::object_id.eq(&record.3),
                        received_activities::body_sha256.eq(&record.4),
                        received_activities::received_at.eq(now()),
                    ))
                    .returning(received_activities::id)
                    .get_result::<i64>(c);
                match inserted {
                    Ok(row) => {
                        if row % replays::PRUNE_EVERY == 0 {
                            replays::prune(c)?;
                        }
                        Ok(true)
                    }
                    Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
                    Err(e) => Err(FedError::from(e)),
                }
            })
            .await?;
        if !first_time {
            tracing::debug!("inbox: {id} was already received, ignored");
            return Ok(());
        }
        let outcome = each!(self, a => a.receive(data).await);
        if outcome.is_err() {
            let _ = data
                .db
                .run(move |c| {
                    diesel::delete(
                        received_activities::table.filter(received_activities::ap_id.eq(id)),
                    )
                    .execute(c)
                    .map_err(FedError::from)
                })
                .await;
        }
        outcome
    }
}

/// Ids, actors and objects longer than this are refused: nobody needs them, and they are stored.
const MAX_ID: usize = 2048;

/// The activities an `Undo` by id may withdraw a registration for.
pub const ATTENDANCE: [&str; 3] = ["Join", "Accept", "TentativeAccept"];

tokio::task_local! {
    /// The SHA-256 of the request body, hex, for `receive` (which the crate calls with the
    /// parsed activity only).
    static BODY_SHA256: String;
}

/// The axum handler for both inboxes.
pub async fn handle(data: Data<App>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !is_activity_content_type(content_type) {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/activity+json or application/ld+json",
        );
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            // The rest of the body is not read: tell the client not to reuse this connection.
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                [(axum::http::header::CONNECTION, "close")],
                axum::Json(ErrorBody {
                    error: "the body is larger than 1 MiB",
                }),
            )
                .into_response();
        }
    };
    // Before anything is parsed or fetched: one of each header, a complete draft-cavage
    // signature, our Host, a Date inside the window; then the key must be the actor's.
    let signed_by = match signed_request::check(&parts.headers, &data.settings.domain(), Utc::now())
    {
        Ok(signed_by) => signed_by,
        Err(refusal) => return refused(refusal.status, refusal.reason),
    };
    let actor = match serde_json::from_slice::<ActorOnly>(&bytes) {
        Ok(ActorOnly { actor }) => actor,
        Err(_) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "the body is not a JSON activity with an actor",
            );
        }
    };
    if !signed_by.is_key_of(&actor) {
        return refused(
            StatusCode::UNAUTHORIZED,
            "the signature's keyId does not belong to the activity's actor",
        );
    }
    if actor.as_str().len() > MAX_ID {
        return refused(StatusCode::BAD_REQUEST, "the actor's id is too long");
    }
    let body_sha256 = hex::encode(Sha256::digest(&bytes));
    let request = Request::from_parts(parts, Body::from(bytes));
    let activity = match ActivityData::from_request(request, &()).await {
        Ok(activity) => activity,
        Err(response) => return response,
    };
    let received = receive_activity::<WithContext<InboxActivity>, DbActor, App>(activity, &data);
    match BODY_SHA256.scope(body_sha256, received).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e) => e.into_response(),
    }
}

/// The one field read before the crate parses the activity: whose it claims to be.
#[derive(Deserialize)]
struct ActorOnly {
    actor: Url,
}

fn refused(status: StatusCode, reason: &str) -> Response {
    refusal(status, reason)
}

fn is_activity_content_type(value: &str) -> bool {
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/activity+json" | "application/ld+json" | "application/json"
    )
}

/// Whether a GET asks for the ActivityPub representation rather than the web page.
pub fn wants_activity_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/activity+json") || v.contains("application/ld+json"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn activity_content_types() {
        assert!(super::is_activity_content_type("application/activity+json"));
        assert!(super::is_activity_content_type(
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""
        ));
        assert!(!super::is_activity_content_type("text/plain"));
        assert!(!super::is_activity_content_type(""));
    }
}
