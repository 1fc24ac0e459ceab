//! The public website: home, pages, news, the Atom feed, images, the language switch.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::{CookieJar, cookie::Cookie};
use serde::Deserialize;

use super::pages::{Layout, PageError, render, when};
use crate::App;
use crate::error::Error;
use crate::site::{media, pages, posts};

/// A post as lists show it.
pub struct PostCard {
    pub slug: String,
    pub title: String,
    pub date: String,
    pub iso: String,
    pub excerpt: String,
}

impl PostCard {
    fn new(lang: Lang, tz: chrono_tz::Tz, p: &posts::Post) -> PostCard {
        let at = p.published_at.unwrap_or(p.created_at);
        PostCard {
            slug: p.slug.clone(),
            title: p.title.clone(),
            date: when(lang, tz, &at),
            iso: at.and_utc().to_rfc3339(),
            excerpt: p.excerpt.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    l: Layout,
    intro: Option<String>,
    posts: Vec<PostCard>,
}

pub async fn home(State(app): State<App>, lang: Lang) -> Result<Response, PageError> {
    let (intro, latest, menu) = app
        .db
        .read(|c| {
            let intro = pages::find_published(c, pages::HOME)
                .ok()
                .map(|p| p.body_html);
            Ok::<_, Error>((intro, posts::published(c, 5, 0)?, pages::menu(c)?))
        })
        .await?;
    let posts = latest
        .iter()
        .map(|p| PostCard::new(lang, app.settings.timezone, p))
        .collect();
    let l = Layout::public(&app, lang, "/", menu);
    Ok(render(&HomePage { l, intro, posts }))
}

#[derive(Template)]
#[template(path = "public/page.html")]
struct PagePage {
    l: Layout,
    title: String,
    body: String,
}

pub async fn page(
    State(app): State<App>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let path = crate::urls::page(&slug);
    let (page, menu) = app
        .db
        .read(move |c| Ok::<_, Error>((pages::find_published(c, &slug)?, pages::menu(c)?)))
        .await?;
    let l = Layout::public(&app, lang, &path, menu);
    Ok(render(&PagePage {
        l,
        title: page.title,
        body: page.body_html,
    }))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "public/news_list.html")]
struct NewsList {
    l: Layout,
    posts: Vec<PostCard>,
    prev: Option<i64>,
    next: Option<i64>,
}

const NEWS_PAGE: i64 = 10;

pub async fn news(
    State(app): State<App>,
    lang: Lang,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let page = q.page.unwrap_or(1).max(1);
    let (list, total, menu) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                posts::published(c, NEWS_PAGE, (page - 1).saturating_mul(NEWS_PAGE))?,
                posts::count_published(c)?,
                pages::menu(c)?,
            ))
        })
        .await?;
    let l = Layout::public(&app, lang, "/news", menu);
    let posts = list
        .iter()
        .map(|p| PostCard::new(lang, app.settings.timezone, p))
        .collect();
    let prev = (page > 1).then_some(page - 1);
    let next = (page.saturating_mul(NEWS_PAGE) < total).then(|| page + 1);
    Ok(render(&NewsList {
        l,
        posts,
        prev,
        next,
    }))
}

#[derive(Template)]
#[template(path = "public/news_post.html")]
struct NewsPost {
    l: Layout,
    post: posts::Post,
    ap_id: String,
    date: String,
    iso: String,
    excerpt: String,
}

/// A news post: its page, or its `Article` for an ActivityPub client (the same address is
/// the object's id).
pub async fn news_post(
    State(app): State<App>,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let path = crate::urls::news_post(&slug);
    let (post, menu) = app
        .db
        .read(move |c| Ok::<_, Error>((posts::find_published(c, &slug)?, pages::menu(c)?)))
        .await?;
    let l = Layout::public(&app, lang, &path, menu);
    let card = PostCard::new(lang, app.settings.timezone, &post);
    Ok(render(&NewsPost {
        l,
        ap_id: app.settings.url(&crate::urls::news_post(&post.slug)),
        date: card.date,
        iso: card.iso,
        excerpt: card.excerpt,
        post,
    }))
}

/// The Atom feed of the 20 latest news posts.
pub async fn atom(State(app): State<App>) -> Result<Response, PageError> {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let latest = app.db.read(|c| posts::published(c, 20, 0)).await?;
    let updated = latest
        .iter()
        .map(|p| p.updated_at)
        .max()
        .unwrap_or_else(crate::db::now)
        .and_utc()
        .fixed_offset();
    let entries: Vec<Entry> = latest
        .iter()
        .map(|p| {
            let url = app.settings.url(&crate::urls::news_post(&p.slug));
            Entry {
                id: url.clone(),
                title: Text::plain(p.title.clone()),
                updated: p.updated_at.and_utc().fixed_offset(),
                published: Some(
                    p.published_at
                        .unwrap_or(p.created_at)
                        .and_utc()
                        .fixed_offset(),
                ),
                links: vec![Link {
                    href: url,
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                summary: (!p.summary.is_empty()).then(|| Text::plain(p.summary.clone())),
                content: Some(Content {
                    value: Some(p.body_html.clone()),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: app.settings.url("/news.atom"),
        title: Text::plain(app.settings.name.clone()),
        updated,
        authors: vec![Person {
            name: app.settings.name.clone(),
            uri: Some(app.settings.url("/")),
            ..Default::default()
        }],
        links: vec![
            Link {
                href: app.settings.url("/news.atom"),
                rel: "self".into(),
                ..Default::default()
            },
            Link {
                href: app.settings.url("/news"),
                rel: "alternate".into(),
                ..Default::default()
            },
        ],
        entries,
        ..Default::default()
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The language switch: remembers the choice in a cookie and goes back to the page.
pub async fn set_lang(
    State(app): State<App>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
    jar: CookieJar,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or(Lang::Fr);
    let cookie = Cookie::build(("lang", lang.code()))
        .path("/")
        .secure(super::session::secure_cookies(&app))
        .max_age(time::Duration::days(365))
        .build();
    let next = super::session::local_path(q.next.as_deref())
        .unwrap_or("/")
        .to_string();
    (jar.add(cookie), Redirect::to(&next)).into_response()
}

/// An uploaded image. `nosniff` and the type found at upload keep a browser from reading it
/// as anything else.
pub async fn media_file(
    State(app): State<App>,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let wanted = name.clone();
    let info = app
        .db
        .read(move |c| media::find_by_name(c, &wanted))
        .await?;
    let bytes = app.storage.get(&media::storage_name(&name)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, info.content_type),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The style sheet and the default logo, compiled into the binary.
const CSS: &str = "text/css; charset=utf-8";

/// The site's own CSS and JavaScript, compiled in; pages link them (no inline style or script,
/// see `web::headers`).
pub async fn static_file(Path(name): Path<String>) -> Result<Response, PageError> {
    let (content_type, body): (&str, &'static str) = match name.as_str() {
        "site.css" => (
            "text/css; charset=utf-8",
            include_str!("../../static/site.css"),
        ),
        "logo.svg" => ("image/svg+xml", include_str!("../../static/logo.svg")),
        "event.css" => (CSS, include_str!("../../static/event.css")),
        "newsletter.css" => (CSS, include_str!("../../static/newsletter.css")),
        "newsletter_embed.css" => (CSS, include_str!("../../static/newsletter_embed.css")),
        "lists.css" => (CSS, include_str!("../../static/lists.css")),
        "campaigns.css" => (CSS, include_str!("../../static/campaigns.css")),
        "members.css" => (CSS, include_str!("../../static/members.css")),
        "contacts.css" => (CSS, include_str!("../../static/contacts.css")),
        "events.css" => (CSS, include_str!("../../static/events.css")),
        "events_sheet.css" => (CSS, include_str!("../../static/events_sheet.css")),
        "print.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../static/print.js"),
        ),
        _ => return Err(PageError(Error::NotFound)),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}

/// The public addresses this part of the site answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::get;
    axum::Router::new()
        .route("/", get(home))
        .route("/pages/{slug}", get(page))
        .route("/news", get(news))
        .route("/news.atom", get(atom))
        .route("/news/{slug}", get(news_post))
        .route("/lang/{code}", get(set_lang))
        .route("/media/{name}", get(media_file))
        .route("/static/{name}", get(static_file))
}
