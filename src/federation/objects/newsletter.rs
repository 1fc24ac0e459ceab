//! A sent newsletter as an ActivityStreams `Article`, for fediverse followers: its subject as
//! `name`, its sanitized HTML as `content`, its page in the public archive as id and url. Only
//! a campaign kept in the public archive goes out, so that its id always answers.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::App;
use crate::newsletter::{archive::ArchivedCampaign, campaigns::Campaign};

/// What the `Article` is made of, whichever way the campaign was read.
pub struct Issue<'a> {
    pub slug: &'a str,
    pub subject: &'a str,
    pub body_html: &'a str,
    pub sent_at: Option<NaiveDateTime>,
}

impl<'a> From<&'a Campaign> for Issue<'a> {
    fn from(c: &'a Campaign) -> Self {
        Issue {
            slug: &c.slug,
            subject: &c.subject,
            body_html: &c.body_html,
            sent_at: c.finished_at,
        }
    }
}

impl<'a> From<&'a ArchivedCampaign> for Issue<'a> {
    fn from(c: &'a ArchivedCampaign) -> Self {
        Issue {
            slug: &c.slug,
            subject: &c.subject,
            body_html: &c.body_html,
            sent_at: c.finished_at,
        }
    }
}

/// The newsletter's id: its page in the archive, answered as JSON to an ActivityPub client.
pub fn id(app: &App, slug: &str) -> String {
    app.settings.url(&crate::urls::newsletter_issue(slug))
}

pub fn to_json(app: &App, issue: &Issue) -> Value {
    let url = id(app, issue.slug);
    json!({
        "id": url,
        "type": "Article",
        "attributedTo": app.actor.id,
        "name": issue.subject,
        "content": issue.body_html,
        "mediaType": "text/html",
        "url": url,
        "published": issue.sent_at.unwrap_or_else(crate::db::now).and_utc().to_rfc3339(),
        "to": [super::super::PUBLIC],
        "cc": [app.actor.followers],
    })
}

/// The document served at the newsletter's address, with its `@context`.
pub fn document(app: &App, issue: &Issue) -> Value {
    let mut doc = to_json(app, issue);
    doc["@context"] = super::super::context();
    doc
}

/// The `Create` that tells followers about a newsletter just sent.
pub fn create(app: &App, issue: &Issue) -> Value {
    json!({
        "@context": super::super::context(),
        "id": super::super::new_activity_id(app),
        "type": "Create",
        "actor": app.actor.id,
        "published": chrono::Utc::now().to_rfc3339(),
        "to": [super::super::PUBLIC],
        "cc": [app.actor.followers],
        "object": to_json(app, issue),
    })
}
