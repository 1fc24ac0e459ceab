//! The cancel link mailed to people: a page that says what will be cancelled, and its button.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::event_when;
use crate::App;
use crate::error::Error;
use crate::events::{Event, Registration, agenda, registrations};
use crate::i18n::Lang;
use crate::web::csrf::{AnonToken, CheckedForm};
use crate::web::pages::{Layout, PageError, render};

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "public/cancel.html")]
struct CancelPage {
    l: Layout,
    /// `confirm` (the button), `done`, `already` (nothing left to cancel), `invalid` (a link
    /// that is not ours) or `gone` (the registration no longer exists).
    state: &'static str,
    id: i64,
    token: String,
    title: String,
    slug: String,
    when: String,
    name: String,
    was_confirmed: bool,
}

impl CancelPage {
    fn new(l: Layout, state: &'static str, id: i64) -> CancelPage {
        CancelPage {
            l,
            state,
            id,
            token: String::new(),
            title: String::new(),
            slug: String::new(),
            when: String::new(),
            name: String::new(),
            was_confirmed: false,
        }
    }

    fn about(mut self, app: &App, event: &Event, r: &Registration) -> CancelPage {
        self.title = event.title.clone();
        self.slug = event.slug.clone();
        self.when = event_when(self.l.lang, event, app.settings.timezone);
        self.name = r.name.clone();
        self
    }
}

/// A registration and its event, or `None` when the registration does not exist (shared with
/// the confirm pages of `holds`).
pub(in crate::web) async fn registration_and_event(
    app: &App,
    id: i64,
) -> Result<Option<(Registration, Event)>, Error> {
    app.db
        .read(move |c| {
            let r = match registrations::find(c, id) {
                Ok(r) => r,
                Err(Error::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            };
            let e = agenda::find(c, r.event_id)?;
            Ok(Some((r, e)))
        })
        .await
}

/// The link from the mail: a page that says what will be cancelled, with a button. Nothing
/// changes on GET (mail scanners follow links).
pub async fn cancel_form(
    State(app): State<App>,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
    anon: AnonToken,
) -> Result<Response, PageError> {
    let path = crate::urls::registration_cancel(id);
    if !app.links.check_cancel_token(id, &q.token) {
        let l = crate::web::pages::layout(&app, lang, &path, String::new()).await?;
        let page = CancelPage::new(l, "invalid", id);
        return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let l = crate::web::pages::layout(&app, lang, &path, anon.value()).await?;
    let Some((r, event)) = registration_and_event(&app, id).await? else {
        let page = CancelPage::new(l, "gone", id);
        return Ok((StatusCode::NOT_FOUND, render(&page)).into_response());
    };
    let state = if r.status.is_active() {
        "confirm"
    } else {
        "already"
    };
    let mut page = CancelPage::new(l, state, id).about(&app, &event, &r);
    page.token = q.token;
    page.was_confirmed = r.status == crate::events::RegistrationStatus::Confirmed;
    Ok(render(&page))
}

/// The button: cancels the registration (a freed seat goes to the first person waiting, who
/// is told). Twice is harmless.
pub async fn cancel(
    State(app): State<App>,
    lang: Lang,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CancelForm>,
) -> Result<Response, PageError> {
    let path = crate::urls::registration_cancel(id);
    let l = crate::web::pages::layout(&app, lang, &path, String::new()).await?;
    if !app.links.check_cancel_token(id, &form.token) {
        let page = CancelPage::new(l, "invalid", id);
        return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let Some((before, event)) = registration_and_event(&app, id).await? else {
        let page = CancelPage::new(l, "gone", id);
        return Ok((StatusCode::NOT_FOUND, render(&page)).into_response());
    };
    if !before.status.is_active() {
        let page = CancelPage::new(l, "already", id).about(&app, &event, &before);
        return Ok(render(&page));
    }
    let r = crate::app::registrations::cancel(&app, id).await?;
    let page = CancelPage::new(l, "done", id).about(&app, &event, &r);
    Ok(render(&page))
}
