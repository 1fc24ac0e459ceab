//! A stand-in for Mattermost on loopback (Mattermost cannot run here): it takes incoming-webhook
//! POSTs, checks each against the documented shape
//! (https://developers.mattermost.com/integrate/webhooks/incoming/: JSON with `text` and the
//! optional `channel`, `username`, `icon_url`, `attachments`, `props`), keeps what it accepted,
//! and answers as scripted: 200 `ok` as Mattermost does, an error status, or no answer at all.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::post,
};
use serde_json::Value;

/// How the stand-in answers the next POST.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    Status(u16),
    /// Never answers (the chat hangs).
    Hang,
}

#[derive(Default)]
struct Inner {
    /// Every POST, answered or not, in order.
    tried: Vec<Value>,
    /// The POSTs answered 200.
    accepted: Vec<Value>,
    /// What broke the documented shape.
    shape_errors: Vec<String>,
    script: VecDeque<Answer>,
}

#[derive(Clone)]
pub struct Mattermost {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

impl Mattermost {
    pub async fn start() -> Mattermost {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let router = Router::new()
            .route("/hooks/{key}", post(hook))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Mattermost {
            url: format!("http://127.0.0.1:{port}/hooks/xq4bz8n7wfgydmi9w3z5pyo3ah"),
            inner,
        }
    }

    /// The next POSTs get these answers, then 200 again.
    pub fn script(&self, answers: &[Answer]) {
        self.inner
            .lock()
            .unwrap()
            .script
            .extend(answers.iter().copied());
    }

    pub fn accepted(&self) -> Vec<Value> {
        self.check_shapes();
        self.inner.lock().unwrap().accepted.clone()
    }

    pub fn tried(&self) -> usize {
        self.inner.lock().unwrap().tried.len()
    }

    fn check_shapes(&self) {
        let errors = self.inner.lock().unwrap().shape_errors.clone();
        assert!(
            errors.is_empty(),
            "payloads off Mattermost's shape: {errors:?}"
        );
    }

    /// Waits until `n` messages were accepted (10 s at most).
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..200 {
            if self.inner.lock().unwrap().accepted.len() >= n {
                return self.accepted();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the chat got {} messages, not {n}", self.accepted().len());
    }
}

async fn hook(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let answer = {
        let mut inner = inner.lock().unwrap();
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                inner.shape_errors.push(format!("not JSON: {e}"));
                return (StatusCode::BAD_REQUEST, "Unable to parse incoming data").into_response();
            }
        };
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !content_type.starts_with("application/json") {
            inner
                .shape_errors
                .push(format!("content type {content_type}"));
        }
        for problem in shape_problems(&value) {
            inner.shape_errors.push(problem);
        }
        inner.tried.push(value.clone());
        let answer = inner.script.pop_front().unwrap_or(Answer::Status(200));
        if matches!(answer, Answer::Status(200)) {
            inner.accepted.push(value);
        }
        answer
    };
    match answer {
        Answer::Status(200) => (StatusCode::OK, "ok").into_response(),
        Answer::Status(code) => (
            StatusCode::from_u16(code).unwrap(),
            "{\"id\":\"web.incoming_webhook.error\",\"message\":\"scripted failure\"}",
        )
            .into_response(),
        Answer::Hang => {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            StatusCode::OK.into_response()
        }
    }
}

/// What in a payload is not as Mattermost documents it.
fn shape_problems(v: &Value) -> Vec<String> {
    let mut problems = vec![];
    let Some(object) = v.as_object() else {
        return vec!["the payload is not an object".into()];
    };
    for key in object.keys() {
        if ![
            "text",
            "channel",
            "username",
            "icon_url",
            "icon_emoji",
            "attachments",
            "props",
            "type",
        ]
        .contains(&key.as_str())
        {
            problems.push(format!("unknown field {key}"));
        }
    }
    match v.get("text").and_then(Value::as_str) {
        Some(t) if !t.trim().is_empty() && t.chars().count() <= 16383 => {}
        _ => problems.push("text must be non-empty Markdown of at most 16383 characters".into()),
    }
    for key in ["channel", "username", "icon_url"] {
        if let Some(x) = v.get(key)
            && !x.is_string()
        {
            problems.push(format!("{key} must be a string"));
        }
    }
    if let Some(icon) = v.get("icon_url").and_then(Value::as_str)
        && url::Url::parse(icon).is_err()
    {
        problems.push("icon_url must be an address".into());
    }
    if let Some(attachments) = v.get("attachments") {
        let Some(list) = attachments.as_array() else {
            problems.push("attachments must be an array".into());
            return problems;
        };
        for a in list {
            for key in ["fallback", "title", "text", "color", "title_link"] {
                if let Some(x) = a.get(key)
                    && !x.is_string()
                {
                    problems.push(format!("attachment {key} must be a string"));
                }
            }
            if a.get("fallback").is_none() {
                problems.push("an attachment needs a fallback".into());
            }
            for f in a
                .get("fields")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !f["short"].is_boolean() || !f["title"].is_string() || !f["value"].is_string() {
                    problems.push(format!("a field is not {{short, title, value}}: {f}"));
                }
            }
        }
    }
    problems
}
