//! What the test saw, and how it is compared with the expected documents of `expected/`.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;

/// The documents seen, by name, after normalization.
pub(super) struct Shapes {
    seen: BTreeMap<String, Value>,
    /// (what varies, its placeholder), longest first.
    addresses: Vec<(String, String)>,
}

impl Shapes {
    pub(super) fn new(server: &TestServer, peer: &Peer) -> Shapes {
        let server_host = format!("localhost:{}", server.port);
        let mut addresses = vec![
            (server.base.clone(), "{server}".to_string()),
            (peer.base.clone(), "{peer}".to_string()),
            (server_host, "{server_host}".to_string()),
            (peer.domain.clone(), "{peer_host}".to_string()),
        ];
        addresses.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        Shapes {
            seen: BTreeMap::new(),
            addresses,
        }
    }

    /// Replaces `from` (a name made at random) by `to` wherever it appears from now on.
    pub(super) fn replace(&mut self, from: &str, to: &str) {
        self.addresses.push((from.to_string(), to.to_string()));
        self.addresses
            .sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    }

    pub(super) fn record(&mut self, name: String, value: Value) {
        let value = self.normalize(value, None);
        assert!(
            self.seen.insert(name.clone(), value).is_none(),
            "{name} seen twice"
        );
    }

    /// A served answer: its status, its content type and its JSON body.
    pub(super) async fn served(&mut self, name: &str, answer: reqwest::Response) {
        let status = answer.status().as_u16();
        let content_type = answer
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        let text = answer.text().await.unwrap();
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {text}"));
        self.record(
            format!("served.{name}"),
            json!({ "status": status, "content-type": content_type, "body": body }),
        );
    }

    /// Everything the peer received since the last step, each with the inbox it went to; then
    /// the peer is cleared. Named by the step and what each is (`Create-Event`...).
    pub(super) async fn sent(&mut self, step: &str, server: &TestServer, peer: &Peer) {
        server.settle().await;
        // A delivery queued by a job that ran last is delivered by the next one.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        server.settle().await;
        let mut got: Vec<(String, Value)> = peer
            .received()
            .iter()
            .map(|r| {
                let body = r.json();
                let object = &body["object"];
                let what = [&body["type"], &object["type"], &object["formerType"]]
                    .iter()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join("-");
                (format!("{what}@{}", r.path), body)
            })
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(!got.is_empty(), "{step}: nothing was delivered");
        for (what, body) in got {
            let (kind, inbox) = what.split_once('@').unwrap();
            let to = match inbox.strip_prefix("/users/") {
                Some(personal) => personal.trim_end_matches("/inbox"),
                None => "shared",
            };
            self.record(
                format!("sent.{step}.{kind}.{to}"),
                json!({ "inbox": inbox, "body": body }),
            );
        }
        peer.clear();
    }

    fn normalize(&self, value: Value, key: Option<&str>) -> Value {
        match value {
            Value::String(s) => Value::String(self.normalize_str(s, key)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.normalize(v, None)).collect())
            }
            Value::Object(map) => {
                let mut map: serde_json::Map<String, Value> = map
                    .into_iter()
                    .map(|(k, v)| {
                        let v = self.normalize(v, Some(&k));
                        (k, v)
                    })
                    .collect();
                if let Some(Value::Object(software)) = map.get_mut("software")
                    && software.get("version") == Some(&json!(env!("CARGO_PKG_VERSION")))
                {
                    software.insert("version".into(), json!("<version>"));
                }
                Value::Object(map)
            }
            other => other,
        }
    }

    fn normalize_str(&self, s: String, key: Option<&str>) -> String {
        let now_keys = ["published", "updated", "deleted", "closed"];
        if key.is_some_and(|k| now_keys.contains(&k))
            && chrono::DateTime::parse_from_rfc3339(&s).is_ok()
        {
            return "<now>".into();
        }
        if key == Some("publicKeyPem") && s.starts_with("-----BEGIN PUBLIC KEY-----") {
            return "<public key>".into();
        }
        let mut s = s;
        for (from, to) in &self.addresses {
            s = s.replace(from.as_str(), to);
        }
        replace_tokens(&replace_uuids(&s))
    }

    /// Writes what was seen (WIRE_SHAPES_DUMP), then compares it with what is expected.
    pub(super) fn check(&self) {
        if let Some(dir) = std::env::var_os("WIRE_SHAPES_DUMP") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (name, value) in &self.seen {
                std::fs::write(
                    dir.join(format!("{name}.json")),
                    serde_json::to_string_pretty(value).unwrap() + "\n",
                )
                .unwrap();
            }
        }
        let expected = expected();
        let mut wrong = Vec::new();
        for (name, value) in &self.seen {
            match expected.get(name) {
                None => wrong.push(format!("{name}: not expected\n{value:#}")),
                Some(want) if want != value => wrong.push(format!(
                    "{name}: differs\nexpected: {want:#}\nseen: {value:#}"
                )),
                Some(_) => {}
            }
        }
        for name in expected.keys() {
            if !self.seen.contains_key(name) {
                wrong.push(format!("{name}: expected, not seen"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wire shape(s) changed (set WIRE_SHAPES_DUMP=DIR to write them):\n\n{}",
            wrong.len(),
            wrong.join("\n\n")
        );
    }
}

/// UUIDs (activity ids, vote ids) become `<uuid>`.
fn replace_uuids(s: &str) -> String {
    let bytes = s.as_bytes();
    let is_uuid = |at: usize| {
        bytes.len() >= at + 36
            && bytes[at..at + 36].iter().enumerate().all(|(i, b)| {
                if [8, 13, 18, 23].contains(&i) {
                    *b == b'-'
                } else {
                    b.is_ascii_hexdigit()
                }
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        if is_uuid(i) {
            out.push_str("<uuid>");
            i += 36;
        } else {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The secret of a cancel link (`?token=...`) becomes `<token>`.
fn replace_tokens(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("token=") {
        out.push_str(&rest[..at + "token=".len()]);
        rest = &rest[at + "token=".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        out.push_str("<token>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The expected documents: one JSON file each in `wire_shapes/expected/`, named as the dump
/// names them, with the long `@context`s written once in `expected/contexts/` and named in the
/// documents by a placeholder (`"$EVENT_CONTEXT"`).
fn expected() -> BTreeMap<String, Value> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/wire_shapes/expected");
    let read = |path: &Path| -> Value {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    };
    let contexts: Vec<(String, Value)> = ["EVENT_CONTEXT", "ACTOR_CONTEXT", "POLL_CONTEXT"]
        .iter()
        .map(|name| {
            let file = folder
                .join("contexts")
                .join(format!("{}.json", name.to_lowercase()));
            (format!("${name}"), read(&file))
        })
        .collect();
    fn expand(value: Value, contexts: &[(String, Value)]) -> Value {
        match value {
            Value::String(s) => contexts
                .iter()
                .find(|(name, _)| *name == s)
                .map(|(_, context)| context.clone())
                .unwrap_or(Value::String(s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| expand(v, contexts)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, expand(v, contexts)))
                    .collect(),
            ),
            other => other,
        }
    }
    std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, expand(read(&path), &contexts))
        })
        .collect()
}
