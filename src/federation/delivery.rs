//! Delivery of our activities: one durable job per inbox, written in the caller's transaction,
//! then signed and POSTed by a worker. Each shared inbox gets a copy once.

use activitypub_federation::config::FederationConfig;
use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, DATE, HOST};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::App;
use crate::audience::{blocks, followers};
use crate::db::DbConn;
use crate::error::Result;
use crate::jobs::{self, worker::JobError};

pub const JOB_KIND: &str = "deliver";
/// Over about a day and a half with the queue's backoff (30 s doubling, capped at 6 h).
const MAX_ATTEMPTS: i32 = 12;

#[derive(Debug, Serialize, Deserialize)]
pub struct Delivery {
    pub inbox: String,
    /// The activity, serialized once: the bytes signed are the bytes stored.
    pub activity: String,
}

/// Queues an activity for every follower (one job per shared inbox).
pub fn to_followers<A: Serialize + ?Sized>(conn: &mut DbConn, activity: &A) -> Result<usize> {
    let inboxes = followers::delivery_inboxes(conn)?;
    to_inboxes(conn, activity, &inboxes)
}

pub fn to_inboxes<A: Serialize + ?Sized>(
    conn: &mut DbConn,
    activity: &A,
    inboxes: &[String],
) -> Result<usize> {
    let body = serde_json::to_string(activity).map_err(crate::error::Error::internal)?;
    let payloads: Vec<String> = inboxes
        .iter()
        .map(|inbox| {
            serde_json::to_string(&Delivery {
                inbox: inbox.clone(),
                activity: body.clone(),
            })
        })
        .collect::<Result<_, _>>()
        .map_err(crate::error::Error::internal)?;
    jobs::enqueue_many(conn, JOB_KIND, &payloads, MAX_ATTEMPTS)?;
    Ok(payloads.len())
}

/// Runs one delivery job: checks the address, signs with the association's key, sends, and
/// reads the answer. 2xx is done; 408, 429 and 5xx are tried again later; other 4xx are final.
pub async fn run(config: FederationConfig<App>, payload: String) -> Result<(), JobError> {
    let delivery: Delivery = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad delivery job: {e}")))?;
    let inbox = Url::parse(&delivery.inbox)
        .map_err(|e| JobError::Permanent(format!("bad inbox URL: {e}")))?;
    let data = config.to_request_data();
    let app = data.app_data().clone();

    let host = inbox.host_str().unwrap_or("").to_string();
    let blocked = app
        .db
        .run(move |c| blocks::is_domain_blocked(c, &host))
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    if blocked {
        return Err(JobError::Permanent("the domain is blocked".into()));
    }
    if !matches!(inbox.scheme(), "https" | "http")
        || (inbox.scheme() == "http" && !app.settings.allow_private_addresses)
    {
        return Err(JobError::Permanent(format!(
            "refusing to deliver to {inbox}: only https is allowed"
        )));
    }
    // Refuses loopback, private and link-local addresses, unless the tests' setting allows them:
    // literal addresses here (the resolver is not asked for them), names when the connection is
    // made (`net::resolver::PublicOnly`), and the crate's own check beforehand.
    if !app.settings.allow_private_addresses && crate::net::resolver::is_private_literal(&inbox) {
        return Err(JobError::Permanent(format!(
            "refusing to deliver to {inbox}: not a public address"
        )));
    }
    data.is_valid_ip(&inbox)
        .await
        .map_err(|e| JobError::Permanent(format!("refusing to deliver to {inbox}: {e}")))?;

    // Host and Date must be present before signing so that they are signed: Fedify and
    // Mastodon refuse a signature that does not cover `date`.
    let host = match inbox.port() {
        Some(port) => format!("{}:{port}", inbox.host_str().unwrap_or("")),
        None => inbox.host_str().unwrap_or("").to_string(),
    };
    let request = app
        .http
        .post(inbox.as_str())
        .header(HOST, host)
        .header(DATE, httpdate::fmt_http_date(std::time::SystemTime::now()))
        .header(CONTENT_TYPE, super::CONTENT_TYPE)
        .header(ACCEPT, super::CONTENT_TYPE);
    let request = data
        .sign_request(request, Bytes::from(delivery.activity))
        .await
        .map_err(|e| JobError::Retry(format!("cannot sign: {e}")))?;
    let response = app
        .http
        .execute(request)
        .await
        .map_err(|e| JobError::Retry(format!("{inbox}: {e}")))?;
    crate::net::job_outcome(response, inbox.as_str()).await
}
