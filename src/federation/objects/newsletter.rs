//! A sent newsletter as an ActivityStreams `Article`, for fediverse followers: its subject as
//! `name`, its sanitized HTML as `content`, its page in the public archive as id and url. Only
//! a campaign kept in the public archive goes out, so that its id always answers.

use activitypub_federation::{kinds::object::ArticleType, protocol::context::WithContext};
use chrono::NaiveDateTime;
use url::Url;

use super::article::Article;
use crate::App;
use crate::federation::activities::create::Create;
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
pub fn id(app: &App, slug: &str) -> Url {
    super::super::url(&app.settings.url(&crate::urls::newsletter_issue(slug)))
}

pub fn article(app: &App, issue: &Issue) -> Article {
    let url = id(app, issue.slug);
    Article {
        id: url.clone(),
        kind: ArticleType::Article,
        attributed_to: app.actor.id.clone(),
        name: issue.subject.to_string(),
        content: issue.body_html.to_string(),
        media_type: "text/html",
        url,
        published: issue
            .sent_at
            .unwrap_or_else(crate::db::now)
            .and_utc()
            .to_rfc3339(),
        updated: None,
        summary: None,
        to: vec![super::super::public()],
        cc: vec![app.actor.followers.clone()],
    }
}

/// The document served at the newsletter's address, with its `@context`.
pub fn document(app: &App, issue: &Issue) -> WithContext<Article> {
    WithContext::new(article(app, issue), super::super::context())
}

/// The `Create` that tells followers about a newsletter just sent.
pub fn create(app: &App, issue: &Issue) -> WithContext<Create<Article>> {
    Create::to_followers(app, article(app, issue), super::super::context())
}
