//! Settings, read from an optional `cheminement.toml` and then from `CHEMINEMENT_*` variables
//! (a variable wins over the file). Every value is checked once, at start; a bad one stops the
//! program with a single line naming the setting, what is wrong and where it came from.

use std::{collections::BTreeMap, fmt, net::SocketAddr, path::PathBuf};
use url::Url;

/// Where a setting's value came from, so that an error can point the operator at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File(PathBuf),
    Env(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "the default"),
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Env(name) => write!(f, "the environment variable {name}"),
        }
    }
}

/// A setting that could not be used. Displayed as the one line the operator reads.
#[derive(Debug, thiserror::Error)]
#[error("setting `{key}` ({source_}): {problem}")]
pub struct ConfigError {
    pub key: &'static str,
    pub problem: String,
    pub source_: Source,
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// Public address of the site, without a trailing slash; ActivityPub ids are built from it.
    pub base_url: Url,
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// `smtp://user:pass@host:port` or `smtps://...`; `None` writes mails to the data folder.
    pub smtp_url: Option<String>,
    /// `s3://bucket?endpoint=...&region=...`: files in S3-compatible object storage;
    /// `None` keeps them in the data folder.
    pub storage_url: Option<Url>,
    /// The S3 access key and its secret; without them, the `AWS_*` variables are read.
    pub storage_key_id: Option<String>,
    pub storage_secret: Option<String>,
    /// Sender of outgoing mail.
    pub mail_from: String,
    /// The association's fediverse name: `@handle@domain`.
    pub handle: String,
    pub name: String,
    /// Lets federation reach private and loopback addresses. Tests and development only.
    pub allow_private_addresses: bool,
    /// Default language of the site, `fr` or `en`.
    pub default_lang: String,
    /// The association's time zone: times are stored in UTC and shown in this zone.
    pub timezone: chrono_tz::Tz,
    /// Newsletter mails sent per minute at most; 0 sends as fast as the mail server takes them.
    pub newsletter_rate: u32,
    /// How many newsletter mails one batch job sends before the next batch is queued.
    pub newsletter_batch: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (web::client_addr); empty: none.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Posts of the public forms allowed per client address and hour; 0: no limit.
    pub public_form_limit: u32,
}

/// The settings that can be set, with their variable name and their key in the file.
const KEYS: &[(&str, &str)] = &[
    ("base_url", "CHEMINEMENT_BASE_URL"),
    ("listen", "CHEMINEMENT_LISTEN"),
    ("data_dir", "CHEMINEMENT_DATA_DIR"),
    ("database_url", "CHEMINEMENT_DATABASE_URL"),
    ("smtp_url", "CHEMINEMENT_SMTP_URL"),
    ("storage_url", "CHEMINEMENT_STORAGE_URL"),
    ("storage_key_id", "CHEMINEMENT_STORAGE_KEY_ID"),
    ("storage_secret", "CHEMINEMENT_STORAGE_SECRET"),
    ("mail_from", "CHEMINEMENT_MAIL_FROM"),
    ("handle", "CHEMINEMENT_HANDLE"),
    ("name", "CHEMINEMENT_NAME"),
    (
        "allow_private_addresses",
        "CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES",
    ),
    ("default_lang", "CHEMINEMENT_DEFAULT_LANG"),
    ("timezone", "CHEMINEMENT_TIMEZONE"),
    ("newsletter_rate", "CHEMINEMENT_NEWSLETTER_RATE"),
    ("newsletter_batch", "CHEMINEMENT_NEWSLETTER_BATCH"),
    ("trusted_proxies", "CHEMINEMENT_TRUSTED_PROXIES"),
    ("public_form_limit", "CHEMINEMENT_PUBLIC_FORM_LIMIT"),
];

/// Raw values before checking, each with where it came from.
#[derive(Default)]
struct Raw(BTreeMap<&'static str, (String, Source)>);

impl Raw {
    fn get(&self, key: &'static str) -> Option<(&str, &Source)> {
        self.0.get(key).map(|(v, s)| (v.as_str(), s))
    }
}

impl Settings {
    /// Reads the file (if `config_file` names one, or `./cheminement.toml` exists) and the
    /// process environment.
    pub fn load(config_file: Option<PathBuf>) -> Result<Settings, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Settings::from_sources(config_file, &env)
    }

    /// Like `load`, with the environment given: tests use it without touching the process.
    pub fn from_sources(
        config_file: Option<PathBuf>,
        env: &BTreeMap<String, String>,
    ) -> Result<Settings, ConfigError> {
        let mut raw = Raw::default();
        let explicit = config_file.is_some();
        let path = config_file.unwrap_or_else(|| PathBuf::from("cheminement.toml"));
        if explicit || path.exists() {
            read_file(&path, &mut raw)?;
        }
        for (key, var) in KEYS {
            if let Some(value) = env.get(*var) {
                raw.0.insert(key, (value.clone(), Source::Env(var)));
            }
        }
        Settings::check(&raw)
    }

    fn check(raw: &Raw) -> Result<Settings, ConfigError> {
        let listen_text = text(raw, "listen", "127.0.0.1:8080");
        let listen: SocketAddr = listen_text.0.parse().map_err(|_| ConfigError {
            key: "listen",
            problem: format!(
                "`{}` is not an address and port such as 127.0.0.1:8080",
                listen_text.0
            ),
            source_: listen_text.1.clone(),
        })?;

        let default_base = format!("http://localhost:{}", listen.port());
        let (base_text, base_source) = text(raw, "base_url", &default_base);
        let base_url = parse_base_url(&base_text).map_err(|problem| ConfigError {
            key: "base_url",
            problem,
            source_: base_source,
        })?;

        let (data_dir, _) = text(raw, "data_dir", "./data");
        let data_dir = PathBuf::from(data_dir);
        let default_db = format!("sqlite://{}", data_dir.join("cheminement.sqlite").display());
        let (database_url, db_source) = text(raw, "database_url", &default_db);
        check_database_url(&database_url).map_err(|problem| ConfigError {
            key: "database_url",
            problem,
            source_: db_source,
        })?;

        let storage_url = match raw.get("storage_url") {
            Some((v, _)) if v.trim().is_empty() => None,
            Some((v, source)) => Some(check_storage_url(v).map_err(|problem| ConfigError {
                key: "storage_url",
                problem,
                source_: source.clone(),
            })?),
            None => None,
        };

        let optional = |key: &'static str| {
            raw.get(key)
                .map(|(v, _)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let storage_key_id = optional("storage_key_id");
        let storage_secret = optional("storage_secret");

        let smtp_url = match raw.get("smtp_url") {
            Some((v, _)) if v.trim().is_empty() => None,
            Some((v, source)) => {
                let url = Url::parse(v).map_err(|e| ConfigError {
                    key: "smtp_url",
                    problem: format!(
                        "`{v}` is not a URL ({e}); write smtp://user:password@host:587"
                    ),
                    source_: source.clone(),
                })?;
                if !matches!(url.scheme(), "smtp" | "smtps") {
                    return Err(ConfigError {
                        key: "smtp_url",
                        problem: format!(
                            "the scheme must be smtp or smtps, not `{}`",
                            url.scheme()
                        ),
                        source_: source.clone(),
                    });
                }
                Some(v.to_string())
            }
            None => None,
        };

        let (handle, handle_source) = text(raw, "handle", "asso");
        if handle.is_empty()
            || !handle
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(ConfigError {
                key: "handle",
                problem: format!(
                    "`{handle}` must be made of lowercase letters, digits and _ only (it becomes @{handle}@your-domain)"
                ),
                source_: handle_source,
            });
        }
        let (name, _) = text(raw, "name", "Mon association");
        let domain = base_url.host_str().unwrap_or("localhost").to_string();
        let (mail_from, _) = text(raw, "mail_from", &format!("{name} <noreply@{domain}>"));
        let (allow_text, allow_source) = text(raw, "allow_private_addresses", "false");
        let allow_private_addresses = parse_bool(&allow_text).ok_or_else(|| ConfigError {
            key: "allow_private_addresses",
            problem: format!("`{allow_text}` is not true or false"),
            source_: allow_source,
        })?;
        let (default_lang, lang_source) = text(raw, "default_lang", "fr");
        if !matches!(default_lang.as_str(), "fr" | "en") {
            return Err(ConfigError {
                key: "default_lang",
                problem: format!("`{default_lang}` is not one of fr, en"),
                source_: lang_source,
            });
        }

        let (tz_text, tz_source) = text(raw, "timezone", "Europe/Paris");
        let timezone: chrono_tz::Tz = tz_text.parse().map_err(|_| ConfigError {
            key: "timezone",
            problem: format!("`{tz_text}` is not an IANA time zone such as Europe/Paris"),
            source_: tz_source,
        })?;

        let newsletter_rate = number(
            raw,
            "newsletter_rate",
            600,
            0..=1_000_000,
            "a number of mails per minute, such as 600 (0: no limit)",
        )?;
        let newsletter_batch = number(
            raw,
            "newsletter_batch",
            100,
            1..=1000,
            "a number of mails between 1 and 1000, such as 100",
        )?;

        let (proxies_text, proxies_source) = text(raw, "trusted_proxies", "");
        let trusted_proxies = parse_proxies(&proxies_text).map_err(|problem| ConfigError {
            key: "trusted_proxies",
            problem,
            source_: proxies_source,
        })?;
        let public_form_limit = number(
            raw,
            "public_form_limit",
            20,
            0..=1_000_000,
            "a number of posts per address and hour, such as 20 (0: no limit)",
        )?;

        Ok(Settings {
            base_url,
            listen,
            data_dir,
            database_url,
            smtp_url,
            storage_url,
            storage_key_id,
            storage_secret,
            mail_from,
            handle,
            name,
            allow_private_addresses,
            default_lang,
            timezone,
            newsletter_rate,
            newsletter_batch,
            trusted_proxies,
            public_form_limit,
        })
    }

    /// The base URL as text without the trailing slash: `https://asso.example`.
    pub fn base(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    /// `asso.example` or `localhost:8080`: the part after the @ in the fediverse handle.
    pub fn domain(&self) -> String {
        match self.base_url.port() {
            Some(port) => format!("{}:{port}", self.base_url.host_str().unwrap_or("")),
            None => self.base_url.host_str().unwrap_or("").to_string(),
        }
    }

    /// An absolute URL on this site, from a path that starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }
}

fn text(raw: &Raw, key: &'static str, default: &str) -> (String, Source) {
    match raw.get(key) {
        Some((v, s)) => (v.trim().to_string(), s.clone()),
        None => (default.to_string(), Source::Default),
    }
}

/// A whole number within `range`; `expected` says what to write instead of a bad value.
fn number(
    raw: &Raw,
    key: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    expected: &str,
) -> Result<u32, ConfigError> {
    let (value, source) = text(raw, key, &default.to_string());
    match value.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ConfigError {
            key,
            problem: format!("`{value}` is not {expected}"),
            source_: source,
        }),
    }
}

fn read_file(path: &PathBuf, raw: &mut Raw) -> Result<(), ConfigError> {
    let source = Source::File(path.clone());
    let content = std::fs::read_to_string(path).map_err(|e| ConfigError {
        key: "config file",
        problem: format!("cannot be read: {e}"),
        source_: source.clone(),
    })?;
    let table: toml::Table = content.parse().map_err(|e: toml::de::Error| ConfigError {
        key: "config file",
        problem: format!("is not valid TOML: {}", e.message()),
        source_: source.clone(),
    })?;
    for (key, value) in table {
        let Some((known, _)) = KEYS.iter().find(|(k, _)| *k == key) else {
            let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(ConfigError {
                key: "config file",
                problem: format!(
                    "unknown setting `{key}`; known settings are {}",
                    names.join(", ")
                ),
                source_: source.clone(),
            });
        };
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            other => {
                return Err(ConfigError {
                    key: known,
                    problem: format!(
                        "must be a text, a number or true/false, not {}",
                        other.type_str()
                    ),
                    source_: source.clone(),
                });
            }
        };
        raw.0.insert(known, (value, source.clone()));
    }
    Ok(())
}

fn parse_base_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text)
        .map_err(|e| format!("`{text}` is not a URL ({e}); write it like https://asso.example"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`{text}` must start with https:// (or http:// for tests)"
        ));
    }
    if url.host_str().is_none() {
        return Err(format!("`{text}` has no host name"));
    }
    if url.path() != "/" || url.query().is_some() {
        return Err(format!(
            "`{text}` must be the root of a site, without a path: Cheminement cannot live in a sub-folder"
        ));
    }
    Ok(url)
}

fn check_database_url(url: &str) -> Result<(), String> {
    if url.starts_with("sqlite://")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://")
    {
        Ok(())
    } else {
        Err(format!(
            "`{url}` must start with sqlite:// (a file) or postgres:// (a PostgreSQL server)"
        ))
    }
}

/// A list of addresses and ranges, separated by commas or spaces: `10.0.0.1, 192.168.0.0/16`.
/// A bare address is a range of one.
fn parse_proxies(text: &str) -> Result<Vec<ipnet::IpNet>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| {
                    format!(
                        "`{item}` is not an IP address or range such as 127.0.0.1, 10.0.0.0/8 or ::1"
                    )
                })
        })
        .collect()
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" | "" => Some(false),
        _ => None,
    }
}

/// `s3://bucket` with optional `endpoint` (an S3-compatible server such as MinIO or Garage)
/// and `region`; the credentials come from the usual `AWS_*` variables.
fn check_storage_url(value: &str) -> Result<Url, String> {
    let url = Url::parse(value.trim()).map_err(|e| {
        format!("`{value}` is not a URL ({e}); write s3://bucket?endpoint=https://s3.example")
    })?;
    if url.scheme() != "s3" {
        return Err(format!("the scheme must be s3, not `{}`", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the bucket is missing: write s3://bucket".to_string());
    }
    for (key, v) in url.query_pairs() {
        match key.as_ref() {
            "endpoint" => {
                Url::parse(&v).map_err(|e| format!("the endpoint `{v}` is not a URL ({e})"))?;
            }
            "region" => {}
            other => {
                return Err(format!(
                    "unknown option `{other}`: only endpoint and region"
                ));
            }
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_give_a_sqlite_file_in_the_data_folder() {
        let s = Settings::from_sources(None, &env(&[])).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.database_url, "sqlite://./data/cheminement.sqlite");
        assert_eq!(s.handle, "asso");
        assert_eq!(s.base(), "http://localhost:8080");
        assert!(!s.allow_private_addresses);
        assert_eq!(s.timezone, chrono_tz::Europe::Paris);
        assert_eq!((s.newsletter_rate, s.newsletter_batch), (600, 100));
    }

    #[test]
    fn the_storage_url_names_an_s3_bucket_or_is_refused_clearly() {
        let s = Settings::from_sources(None, &env(&[])).unwrap();
        assert!(s.storage_url.is_none());
        let s = Settings::from_sources(
            None,
            &env(&[(
                "CHEMINEMENT_STORAGE_URL",
                "s3://lieu?endpoint=https://s3.fr-par.scw.cloud&region=fr-par",
            )]),
        )
        .unwrap();
        assert_eq!(s.storage_url.unwrap().host_str(), Some("lieu"));
        for (bad, says) in [
            ("/srv/files", "not a URL"),
            ("ftp://lieu", "scheme must be s3"),
            ("s3://lieu?endpoint=nowhere", "endpoint"),
            ("s3://lieu?acl=public", "unknown option"),
        ] {
            let err = Settings::from_sources(None, &env(&[("CHEMINEMENT_STORAGE_URL", bad)]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("storage_url") && err.contains(says),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn newsletter_sending_settings_are_checked() {
        let s = Settings::from_sources(
            None,
            &env(&[
                ("CHEMINEMENT_NEWSLETTER_RATE", "0"),
                ("CHEMINEMENT_NEWSLETTER_BATCH", "5"),
            ]),
        )
        .unwrap();
        assert_eq!((s.newsletter_rate, s.newsletter_batch), (0, 5));
        for (var, bad) in [
            ("CHEMINEMENT_NEWSLETTER_RATE", "fast"),
            ("CHEMINEMENT_NEWSLETTER_RATE", "-1"),
            ("CHEMINEMENT_NEWSLETTER_BATCH", "0"),
            ("CHEMINEMENT_NEWSLETTER_BATCH", "5000"),
        ] {
            let err = Settings::from_sources(None, &env(&[(var, bad)]))
                .unwrap_err()
                .to_string();
            assert!(err.contains("newsletter_") && err.contains(var), "{err}");
        }
    }

    #[test]
    fn trusted_proxies_and_the_form_limit_are_checked() {
        let s = Settings::from_sources(None, &env(&[])).unwrap();
        assert!(s.trusted_proxies.is_empty());
        assert_eq!(s.public_form_limit, 20);
        let s = Settings::from_sources(
            None,
            &env(&[
                ("CHEMINEMENT_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8 ::1"),
                ("CHEMINEMENT_PUBLIC_FORM_LIMIT", "0"),
            ]),
        )
        .unwrap();
        let shown: Vec<String> = s.trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(shown, ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]);
        assert_eq!(s.public_form_limit, 0);
        for (var, bad) in [
            ("CHEMINEMENT_TRUSTED_PROXIES", "localhost"),
            ("CHEMINEMENT_TRUSTED_PROXIES", "10.0.0.0/99"),
            ("CHEMINEMENT_PUBLIC_FORM_LIMIT", "many"),
        ] {
            let err = Settings::from_sources(None, &env(&[(var, bad)]))
                .unwrap_err()
                .to_string();
            assert!(err.contains(var) && err.contains(bad), "{err}");
        }
    }

    #[test]
    fn a_variable_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cheminement.toml");
        std::fs::write(&file, "handle = \"fromfile\"\nname = \"Lieu\"\n").unwrap();
        let s =
            Settings::from_sources(Some(file), &env(&[("CHEMINEMENT_HANDLE", "fromenv")])).unwrap();
        assert_eq!(s.handle, "fromenv");
        assert_eq!(s.name, "Lieu");
    }

    #[test]
    fn a_bad_value_names_the_setting_and_where_it_came_from() {
        let err = Settings::from_sources(None, &env(&[("CHEMINEMENT_BASE_URL", "asso.example")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("base_url"), "{err}");
        assert!(err.contains("CHEMINEMENT_BASE_URL"), "{err}");
        assert!(!err.contains('\n'));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "listen = \"everywhere\"\n").unwrap();
        let err = Settings::from_sources(Some(file.clone()), &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("listen") && err.contains(&file.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_and_bad_handles_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "hanlde = \"x\"\n").unwrap();
        let err = Settings::from_sources(Some(file), &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown setting `hanlde`"), "{err}");
        let err = Settings::from_sources(None, &env(&[("CHEMINEMENT_HANDLE", "Bad Name")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("handle"), "{err}");
        let err = Settings::from_sources(None, &env(&[("CHEMINEMENT_TIMEZONE", "Paris")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("timezone") && err.contains("CHEMINEMENT_TIMEZONE"),
            "{err}"
        );
        let err = Settings::from_sources(None, &env(&[("CHEMINEMENT_DATABASE_URL", "mysql://x")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("database_url"), "{err}");
    }

    #[test]
    fn domain_keeps_a_non_default_port() {
        let s = Settings::from_sources(
            None,
            &env(&[("CHEMINEMENT_BASE_URL", "http://localhost:9000/")]),
        )
        .unwrap();
        assert_eq!(s.domain(), "localhost:9000");
        assert_eq!(s.url("/news"), "http://localhost:9000/news");
    }
}
