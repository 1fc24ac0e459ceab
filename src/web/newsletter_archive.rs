//! One sent newsletter on the website: `/newsletter/{slug}`. Only a campaign that was sent and
//! kept in the public archive is found; a draft, or one sent to members only, is not.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    response::Response,
    routing::get,
};

use super::pages::{Layout, PageError, render};
use crate::App;
use crate::error::Error;
use crate::newsletter::archive::{self, ArchivedCampaign};
use crate::site::pages;

pub fn routes() -> Router<App> {
    Router::new().route("/newsletter/{slug}", get(issue))
}

#[derive(Template)]
#[template(path = "public/newsletter_issue.html")]
struct IssuePage {
    l: Layout,
    issue: ArchivedCampaign,
    date: String,
    iso: String,
    excerpt: String,
}

/// The page; to an ActivityPub client (a follower's server fetching the `Article` it was sent),
/// the `Article`.
async fn issue(
    State(app): State<App>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let path = crate::urls::newsletter_issue(&slug);
    let (issue, menu) = app
        .db
        .read(move |c| Ok::<_, Error>((archive::find_public(c, &slug)?, pages::menu(c)?)))
        .await?;
    let l = Layout::public(&app, lang, &path, menu);
    let sent = issue
        .finished_at
        .map(|t| t.and_utc().with_timezone(&app.settings.timezone));
    Ok(render(&IssuePage {
        date: sent
            .map(|t| crate::web::events::long_date(lang, &t))
            .unwrap_or_default(),
        iso: sent.map(|t| t.to_rfc3339()).unwrap_or_default(),
        excerpt: crate::site::markdown::plain_text(&issue.body_html, 200),
        issue,
        l,
    }))
}
