//! Where and how to connect, read from `CHEMINEMENT_SMTP_URL`.

use lettre::transport::smtp::{
    self as lsmtp, authentication::Credentials, client::TlsParameters, extension::ClientId,
};

/// How the connection is encrypted, as `CHEMINEMENT_SMTP_URL` says (the same reading as
/// lettre's `from_url`).
#[derive(Clone)]
pub(super) enum Tls {
    None,
    /// STARTTLS when the server offers it (`?tls=opportunistic`).
    Opportunistic(TlsParameters),
    /// STARTTLS or fail (`?tls=required`).
    Required(TlsParameters),
    /// TLS from the first byte (`smtps://`).
    Implicit(TlsParameters),
}

/// Where and how to connect.
#[derive(Clone)]
pub(super) struct Params {
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) tls: Tls,
    pub(super) credentials: Option<Credentials>,
    pub(super) hello: ClientId,
}

impl Params {
    pub(super) fn from_url(url: &str) -> anyhow::Result<Params> {
        let parsed = url::Url::parse(url)
            .map_err(|e| anyhow::anyhow!("the SMTP address is not a URL: {e}"))?;
        let host = parsed
            .host_str()
            .ok_or_else(|| anyhow::anyhow!("the SMTP address has no host"))?
            .to_string();
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        let params = || TlsParameters::new(host.clone());
        let (port, tls) = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None) => (lsmtp::SMTP_PORT, Tls::None),
            ("smtp", Some("required")) => (lsmtp::SUBMISSION_PORT, Tls::Required(params()?)),
            ("smtp", Some("opportunistic")) => {
                (lsmtp::SUBMISSION_PORT, Tls::Opportunistic(params()?))
            }
            ("smtps", _) => (lsmtp::SUBMISSIONS_PORT, Tls::Implicit(params()?)),
            (scheme, tls) => anyhow::bail!(
                "the SMTP address must start with smtp:// or smtps:// (and tls= be required or opportunistic), not {scheme} with tls={tls:?}"
            ),
        };
        let hello = match parsed.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_string()),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|e| anyhow::anyhow!("the SMTP user or password is not UTF-8: {e}"))
        };
        let credentials = match parsed.password() {
            Some(password) => Some(Credentials::new(
                decode(parsed.username())?,
                decode(password)?,
            )),
            None => None,
        };
        Ok(Params {
            port: parsed.port().unwrap_or(port),
            host,
            tls,
            credentials,
            hello,
        })
    }
}
