//! A news post as an ActivityStreams `Article`: title as `name`, the rendered (sanitized) HTML
//! as `content`, addressed to the public and to followers. A newsletter issue is an `Article`
//! too (`newsletter`), of the same type.

use activitypub_federation::{kinds::object::ArticleType, protocol::context::WithContext};
use serde::Serialize;
use url::Url;

use crate::App;
use crate::site::posts::Post;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: ArticleType,
    pub attributed_to: Url,
    pub name: String,
    pub content: String,
    pub media_type: &'static str,
    pub url: Url,
    pub published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// HTML, as ActivityStreams wants it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub to: Vec<Url>,
    pub cc: Vec<Url>,
}

/// The post's id: its public address, answered as JSON to an ActivityPub client.
pub fn id(app: &App, post: &Post) -> Url {
    super::super::url(&app.settings.url(&crate::urls::news_post(&post.slug)))
}

pub fn article(app: &App, post: &Post) -> Article {
    let url = id(app, post);
    let published = post.published_at.unwrap_or(post.created_at);
    Article {
        id: url.clone(),
        kind: ArticleType::Article,
        attributed_to: app.actor.id.clone(),
        name: post.title.clone(),
        content: post.body_html.clone(),
        media_type: "text/html",
        url,
        published: published.and_utc().to_rfc3339(),
        updated: (post.updated_at > published).then(|| post.updated_at.and_utc().to_rfc3339()),
        // `summary` is HTML in ActivityStreams; the post's summary is plain text.
        summary: (!post.summary.is_empty()).then(|| crate::site::markdown::escape(&post.summary)),
        to: vec![super::super::public()],
        cc: vec![app.actor.followers.clone()],
    }
}

/// The document served at the post's address, with its `@context`.
pub fn document(app: &App, post: &Post) -> WithContext<Article> {
    WithContext::new(article(app, post), super::super::context())
}
