//! Outgoing HTTP, for every face that calls out (federation's fetches and deliveries, the
//! chat's webhooks): one way to build the client, and one check that an address is public.
//! Infrastructure: it knows no rule of the association and no face.

pub mod resolver;

use std::time::Duration;

/// A client with no redirects followed blindly, a timeout, a user agent that names us, and
/// (unless `allow_private_addresses`, for tests and development) a resolver that connects to
/// public addresses only (`resolver::PublicOnly`).
pub fn http_client(
    allow_private_addresses: bool,
    timeout: Duration,
) -> anyhow::Result<reqwest_middleware::ClientWithMiddleware> {
    let mut builder = reqwest::Client::builder();
    if !allow_private_addresses {
        builder = builder.dns_resolver(resolver::PublicOnly);
    }
    let client = builder
        .user_agent(concat!("Cheminement/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(4)
        .build()?;
    Ok(reqwest_middleware::ClientBuilder::new(client).build())
}

/// What a job makes of the answer of a server it posted to (a delivery, a chat message): done
/// on a success; tried again later on a server error, 408 or 429; given up on any other answer,
/// which will not change. The error names `who` and quotes the start of the answer.
pub async fn job_outcome(
    answer: reqwest::Response,
    who: &str,
) -> Result<(), crate::jobs::worker::JobError> {
    use crate::jobs::worker::JobError;
    let status = answer.status();
    if status.is_success() {
        return Ok(());
    }
    let body: String = answer
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    let message = format!("{who} answered {status}: {body}");
    if status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429 {
        Err(JobError::Retry(message))
    } else {
        Err(JobError::Permanent(message))
    }
}

/// Why an address may not be called from here, if it may not: not http(s), no host, or (unless
/// `allow_private_addresses`) a host that is, or resolves to, an address that is not public.
/// Checked when an address is saved; the resolver checks again when the connection is made.
pub async fn refusal(url: &url::Url, allow_private_addresses: bool) -> Option<Refusal> {
    if !matches!(url.scheme(), "http" | "https") {
        return Some(Refusal::Scheme);
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Some(Refusal::NoHost);
    };
    if allow_private_addresses {
        return None;
    }
    if resolver::is_private_literal(url) {
        return Some(Refusal::Private);
    }
    if matches!(url.host(), Some(url::Host::Domain(_))) {
        let port = url.port_or_known_default().unwrap_or(443);
        match tokio::net::lookup_host((host, port)).await {
            Ok(addrs) => {
                let addrs: Vec<_> = addrs.collect();
                if addrs.is_empty() {
                    return Some(Refusal::Unknown);
                }
                if addrs.iter().any(|a| !resolver::is_public(a.ip())) {
                    return Some(Refusal::Private);
                }
            }
            Err(_) => return Some(Refusal::Unknown),
        }
    }
    None
}

/// Why an address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Scheme,
    NoHost,
    /// Loopback, private, link-local or otherwise not on the public Internet.
    Private,
    /// The name resolves to nothing.
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[tokio::test]
    async fn only_public_http_addresses_pass() {
        assert_eq!(
            refusal(&url("ftp://chat.example/hooks/x"), true).await,
            Some(Refusal::Scheme)
        );
        assert_eq!(
            refusal(&url("http://127.0.0.1:8065/hooks/x"), false).await,
            Some(Refusal::Private)
        );
        assert_eq!(
            refusal(&url("http://[::1]/hooks/x"), false).await,
            Some(Refusal::Private)
        );
        assert_eq!(
            refusal(&url("http://localhost/hooks/x"), false).await,
            Some(Refusal::Private)
        );
        assert_eq!(
            refusal(&url("http://127.0.0.1:8065/hooks/x"), true).await,
            None
        );
        assert_eq!(refusal(&url("https://1.1.1.1/hooks/x"), false).await, None);
    }
}
