//! What an inbox POST must show before its body is parsed or anything is fetched for it.
//!
//! activitypub_federation checks the `Digest` against the body and the signature against the
//! actor's key, but (in 0.7.0-beta.14) with gaps we close here, on the raw request, before the
//! crate sees it, because its hooks give no access to the request:
//! - it checks the body against the *first* `Digest` header while the signature check takes the
//!   *last* one, so two `Digest` headers let a forged body through: any repeated header that the
//!   signature covers is refused;
//! - it accepts a signature that covers only some headers, a missing or far-future `Date`, and a
//!   `Host` of another server (a request captured elsewhere and replayed to us);
//! - it ignores `keyId`, and it fetches the actor before knowing whether the request is signed.
//!
//! Nothing here verifies the signature itself: the crate does that next, with the actor's key.

use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Duration, Utc};
use url::Url;

/// How long a signature stays valid after its `Date`, and how far ahead of our clock a `Date`
/// may be. The crate signs and verifies with the same hour.
pub const WINDOW: Duration = Duration::hours(1);

/// The headers a POST's signature must cover.
const REQUIRED: [&str; 4] = ["(request-target)", "host", "date", "digest"];

/// Headers that must not appear twice: the body check and the signature check could each take
/// another one.
const SINGLE: [&str; 4] = ["digest", "signature", "date", "host"];

/// Why a request is refused, with the status it gets.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub reason: &'static str,
}

fn bad_request(reason: &'static str) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        reason,
    }
}

fn unauthorized(reason: &'static str) -> Refusal {
    Refusal {
        status: StatusCode::UNAUTHORIZED,
        reason,
    }
}

/// A draft-cavage signature that passed the checks: who claims to have signed.
#[derive(Debug, PartialEq, Eq)]
pub struct SignedBy {
    pub key_id: Url,
}

impl SignedBy {
    /// Whether the key belongs to `actor`: its id is the actor's id with a fragment
    /// (`…/users/alice#main-key`: Mastodon, Misskey, Pleroma, Friendica, Mobilizon, Fedify) or a
    /// path below it (`…/users/alice/main-key`: GoToSocial).
    pub fn is_key_of(&self, actor: &Url) -> bool {
        let mut owner = self.key_id.clone();
        owner.set_fragment(None);
        if owner == *actor && self.key_id.fragment().is_some() {
            return true;
        }
        let actor = actor.as_str().trim_end_matches('/');
        self.key_id.fragment().is_none()
            && self
                .key_id
                .as_str()
                .strip_prefix(actor)
                .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
    }
}

/// Checks the headers of an inbox POST: one of each, a draft-cavage signature covering
/// `(request-target) host date digest`, a `Date` inside the window, our own `Host`.
/// `our_host` is the host (and port, if any) of the base URL.
pub fn check(headers: &HeaderMap, our_host: &str, now: DateTime<Utc>) -> Result<SignedBy, Refusal> {
    for name in SINGLE {
        if headers.get_all(name).iter().count() > 1 {
            return Err(bad_request(
                "a Digest, Signature, Date or Host header appears more than once",
            ));
        }
    }
    let signature = headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .ok_or(unauthorized(
            "missing HTTP signature: sign with draft-cavage HTTP signatures (keyId, headers, signature) and a SHA-256 Digest",
        ))?;
    let params = parse_params(signature).ok_or(unauthorized(
        "unreadable HTTP signature: sign with draft-cavage HTTP signatures (keyId, headers, signature) and a SHA-256 Digest",
    ))?;
    let key_id = params
        .iter()
        .find(|(k, _)| k == "keyId")
        .and_then(|(_, v)| Url::parse(v).ok())
        .ok_or(unauthorized(
            "the signature's keyId is missing or not a URL",
        ))?;
    if !params
        .iter()
        .any(|(k, v)| k == "signature" && !v.is_empty())
    {
        return Err(unauthorized("the signature has no signature value"));
    }
    // Without `headers`, draft-cavage says only `date` is signed.
    let covered: Vec<String> = params
        .iter()
        .find(|(k, _)| k == "headers")
        .map(|(_, v)| v.split_whitespace().map(str::to_ascii_lowercase).collect())
        .unwrap_or_else(|| vec!["date".to_string()]);
    if !REQUIRED.iter().all(|h| covered.iter().any(|c| c == h)) {
        return Err(unauthorized(
            "the signature must cover (request-target), host, date and digest",
        ));
    }
    if headers.get("digest").is_none() {
        return Err(unauthorized("a signed POST needs a SHA-256 Digest header"));
    }
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .ok_or(unauthorized("the signed Host header is missing"))?;
    if !host.eq_ignore_ascii_case(our_host) {
        return Err(unauthorized(
            "the request was signed for another server (Host)",
        ));
    }
    let date = headers
        .get("date")
        .and_then(|v| v.to_str().ok())
        .ok_or(unauthorized("the signed Date header is missing"))?;
    let date: DateTime<Utc> = httpdate::parse_http_date(date)
        .map_err(|_| unauthorized("the Date header is not an HTTP date"))?
        .into();
    if date < now - WINDOW {
        return Err(unauthorized("the signature has expired (Date too old)"));
    }
    if date > now + WINDOW {
        return Err(unauthorized("the Date header is too far in the future"));
    }
    Ok(SignedBy { key_id })
}

/// The `name="value"` pairs of a draft-cavage `Signature` header; `None` if it is not of that
/// shape (an RFC 9421 `sig1=:…:` included).
fn parse_params(header: &str) -> Option<Vec<(String, String)>> {
    let mut params = Vec::new();
    let mut rest = header.trim();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=')?;
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        let after = after.trim_start();
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            // Unquoted values (`created=1700000000`) end at the next comma.
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim(), &after[end..])
        };
        if params.iter().any(|(n, _): &(String, String)| n == name) {
            return None;
        }
        params.push((name.to_string(), value.to_string()));
        rest = after.trim_start();
        match rest.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None if rest.is_empty() => {}
            None => return None,
        }
    }
    params.iter().any(|(k, _)| k == "keyId").then_some(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const HOST: &str = "asso.example";

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .into()
    }

    fn date(offset: Duration) -> String {
        httpdate::fmt_http_date((now() + offset).into())
    }

    fn signed(headers_param: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static(HOST));
        h.insert("date", date(Duration::zero()).parse().unwrap());
        h.insert("digest", HeaderValue::from_static("SHA-256=abc"));
        h.insert(
            "signature",
            format!(
                "keyId=\"https://m.example/users/alice#main-key\",algorithm=\"rsa-sha256\",headers=\"{headers_param}\",signature=\"c2ln\""
            )
            .parse()
            .unwrap(),
        );
        h
    }

    #[test]
    fn a_complete_signature_passes_and_names_its_key() {
        let h = signed("(request-target) host date digest content-type");
        let by = check(&h, HOST, now()).unwrap();
        assert_eq!(by.key_id.as_str(), "https://m.example/users/alice#main-key");
    }

    #[test]
    fn a_repeated_digest_is_refused() {
        let mut h = signed("(request-target) host date digest");
        h.append("digest", HeaderValue::from_static("SHA-256=def"));
        assert_eq!(
            check(&h, HOST, now()).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn a_signature_that_leaves_a_header_out_is_refused() {
        for partial in [
            "(request-target) host date",
            "host date digest",
            "(request-target) date digest",
            "(request-target) host digest",
        ] {
            let h = signed(partial);
            assert_eq!(
                check(&h, HOST, now()).unwrap_err().status,
                StatusCode::UNAUTHORIZED,
                "{partial}"
            );
        }
        // No `headers` parameter means only `date`.
        let mut h = signed("x");
        h.insert(
            "signature",
            HeaderValue::from_static(
                "keyId=\"https://m.example/users/alice#main-key\",signature=\"c2ln\"",
            ),
        );
        assert!(check(&h, HOST, now()).is_err());
    }

    #[test]
    fn dates_outside_the_window_or_unreadable_are_refused() {
        for bad in [
            date(Duration::hours(2)),
            date(-Duration::hours(2)),
            date(Duration::days(365)),
            "yesterday".to_string(),
        ] {
            let mut h = signed("(request-target) host date digest");
            h.insert("date", bad.parse().unwrap());
            assert!(check(&h, HOST, now()).is_err(), "{bad}");
        }
        let mut h = signed("(request-target) host date digest");
        h.insert("date", date(Duration::minutes(50)).parse().unwrap());
        assert!(check(&h, HOST, now()).is_ok(), "a slightly fast clock");
        h.remove("date");
        assert!(check(&h, HOST, now()).is_err(), "no Date");
    }

    #[test]
    fn a_request_signed_for_another_host_is_refused() {
        let mut h = signed("(request-target) host date digest");
        h.insert("host", HeaderValue::from_static("mastodon.example"));
        assert_eq!(
            check(&h, HOST, now()).unwrap_err().reason,
            "the request was signed for another server (Host)"
        );
        h.insert("host", HeaderValue::from_static("ASSO.example"));
        assert!(check(&h, HOST, now()).is_ok(), "host names ignore case");
    }

    #[test]
    fn unsigned_and_rfc9421_requests_are_unauthorized() {
        let mut h = signed("(request-target) host date digest");
        h.remove("signature");
        assert_eq!(
            check(&h, HOST, now()).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        h.insert("signature", HeaderValue::from_static("sig1=:AAAA:"));
        assert_eq!(
            check(&h, HOST, now()).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
    }

    #[test]
    fn a_key_belongs_to_the_actor_it_is_under() {
        let key = |k: &str| SignedBy {
            key_id: Url::parse(k).unwrap(),
        };
        let alice = Url::parse("https://m.example/users/alice").unwrap();
        assert!(key("https://m.example/users/alice#main-key").is_key_of(&alice));
        assert!(key("https://m.example/users/alice/main-key").is_key_of(&alice));
        assert!(!key("https://m.example/users/bob#main-key").is_key_of(&alice));
        assert!(!key("https://m.example/users/alicex#main-key").is_key_of(&alice));
        assert!(!key("https://m.example/users/alice").is_key_of(&alice));
        assert!(!key("https://evil.example/users/alice#main-key").is_key_of(&alice));
    }

    #[test]
    fn parameters_are_read_quoted_or_not_and_duplicates_refused() {
        let p = parse_params(
            "keyId=\"https://a/b#k\", algorithm=\"hs2019\", created=1700000000, headers=\"(request-target) host\", signature=\"x=\"",
        )
        .unwrap();
        assert_eq!(p.len(), 5);
        assert_eq!(p[2], ("created".into(), "1700000000".into()));
        assert!(parse_params("keyId=\"a\",keyId=\"b\",signature=\"x\"").is_none());
        assert!(parse_params("garbage").is_none());
    }
}
