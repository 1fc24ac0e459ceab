//! The JSON API through the real router: its OpenAPI document, token authentication and
//! roles, posts and pages from creation to deletion, the errors a script gets for a bad request,
//! and the rules it shares with the dashboard.

use cheminement::accounts::Role;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::common::*;

mod doors_and_posts;
mod pages_and_rules;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A script's HTTP client: no cookies, no redirects followed.
fn script() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn call(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = script()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// A request with a raw body and content type, as a careless script sends it.
async fn send_raw(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    content_type: &str,
    body: &str,
) -> reqwest::Response {
    script()
        .request(method, server.url(path))
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// Status and JSON body of an answer; the body must be JSON.
async fn json_of(answer: reqwest::Response) -> (StatusCode, Value) {
    let status = answer.status();
    let content_type = answer
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = answer.text().await.unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{status}: a JSON answer, not {content_type:?}: {text}"
    );
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, value)
}

/// An error answer: JSON with a non-empty `error` message.
async fn error_of(answer: reqwest::Response) -> (StatusCode, Value) {
    let (status, body) = json_of(answer).await;
    assert!(
        body["error"].as_str().is_some_and(|m| !m.is_empty()),
        "{status}: an `error` message: {body}"
    );
    (status, body)
}

/// The fields named in a 422's `fields`.
fn fields_of(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("a `fields` list: {body}"))
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

fn code_of(body: &Value, field: &str) -> String {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("{field} in {body}"))["code"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn public_status(server: &TestServer, path: &str) -> (StatusCode, String) {
    let answer = browser().get(server.url(path)).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

fn count_posts(server: &TestServer) -> usize {
    let mut conn = server.app.db.conn().unwrap();
    cheminement::site::posts::all(&mut conn).unwrap().len()
}

fn count_pages(server: &TestServer) -> usize {
    let mut conn = server.app.db.conn().unwrap();
    cheminement::site::pages::all(&mut conn).unwrap().len()
}
