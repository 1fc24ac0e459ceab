//! A news post as an ActivityStreams `Article`: title as `name`, the rendered (sanitized) HTML
//! as `content`, addressed to the public and to followers.

use serde_json::{Value, json};

use crate::App;
use crate::site::posts::Post;

/// The post's id: its public address, answered as JSON to an ActivityPub client.
pub fn id(app: &App, post: &Post) -> String {
    app.settings.url(&crate::urls::news_post(&post.slug))
}

pub fn to_json(app: &App, post: &Post) -> Value {
    let url = id(app, post);
    let published = post
        .published_at
        .unwrap_or(post.created_at)
        .and_utc()
        .to_rfc3339();
    let mut article = json!({
        "id": url,
        "type": "Article",
        "attributedTo": app.actor.id,
        "name": post.title,
        "content": post.body_html,
        "mediaType": "text/html",
        "url": url,
        "published": published,
        "to": [super::super::PUBLIC],
        "cc": [app.actor.followers],
    });
    if post.updated_at > post.published_at.unwrap_or(post.created_at) {
        article["updated"] = json!(post.updated_at.and_utc().to_rfc3339());
    }
    if !post.summary.is_empty() {
        // `summary` is HTML in ActivityStreams; the post's summary is plain text.
        article["summary"] = json!(crate::site::markdown::escape(&post.summary));
    }
    article
}

/// The document served at the post's address, with its `@context`.
pub fn document(app: &App, post: &Post) -> Value {
    let mut doc = to_json(app, post);
    doc["@context"] = super::super::context();
    doc
}
