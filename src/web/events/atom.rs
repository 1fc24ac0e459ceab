//! The coming events as an Atom feed.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};

use super::{event_when, place_line};
use crate::App;
use crate::events::agenda;
use crate::i18n::Lang;
use crate::web::pages::PageError;

/// The coming events as an Atom feed, for feed readers.
pub async fn agenda_atom(State(app): State<App>) -> Result<Response, PageError> {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let events = app
        .db
        .read(|c| agenda::coming(c, crate::db::now(), None, 50))
        .await?;
    let lang = Lang::from_code(&app.settings.default_lang);
    let tz = app.settings.timezone;
    let updated = events
        .iter()
        .map(|e| e.updated_at)
        .max()
        .unwrap_or_else(crate::db::now)
        .and_utc()
        .fixed_offset();
    let entries = events
        .iter()
        .map(|e| {
            let url = app.settings.url(&crate::urls::event(&e.slug));
            let when = event_when(lang, e, tz);
            let place = place_line(e);
            let mut summary = when.clone();
            if !place.is_empty() {
                summary.push_str(" · ");
                summary.push_str(&place);
            }
            Entry {
                id: url.clone(),
                title: Text::plain(format!("{} — {when}", e.title)),
                updated: e.updated_at.and_utc().fixed_offset(),
                published: Some(e.created_at.and_utc().fixed_offset()),
                links: vec![Link {
                    href: url,
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                summary: Some(Text::plain(summary)),
                content: Some(Content {
                    value: Some(e.description_html.clone()),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: app.settings.url("/events.atom"),
        title: Text::plain(format!("{} · {}", app.settings.name, lang.t("agenda"))),
        updated,
        authors: vec![Person {
            name: app.settings.name.clone(),
            uri: Some(app.settings.url("/")),
            ..Default::default()
        }],
        links: vec![
            Link {
                href: app.settings.url("/events.atom"),
                rel: "self".into(),
                ..Default::default()
            },
            Link {
                href: app.settings.url("/events"),
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
