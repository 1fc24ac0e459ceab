//! The confirm link mailed to someone who registered on the website (`events::holds`): a page
//! with a button on GET, since mail scanners open links; the button (POST) confirms. A link
//! that is not ours gets 403 and changes nothing; one that comes too late says the place was
//! released; confirming twice says it is already done.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use super::{
    csrf::{AnonToken, CheckedForm},
    events::{event_when, registration_and_event},
    pages::{Layout, PageError, layout, render},
};
use crate::App;
use crate::events::{Event, Registration, RegistrationStatus, agenda, holds::Confirmation};

pub fn routes() -> Router<App> {
    Router::new().route(
        "/registrations/{id}/confirm",
        get(confirm_form).post(confirm),
    )
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "public/confirm.html")]
struct ConfirmPage {
    l: Layout,
    /// `confirm` (the button), `done`, `already` (confirmed before), `released` (too late),
    /// `inactive` (cancelled or refused), `invalid` (a link that is not ours) or `gone`.
    state: &'static str,
    id: i64,
    token: String,
    title: String,
    slug: String,
    when: String,
    name: String,
    /// For `confirm`: until when, in the event's zone.
    until: String,
    /// For `done` and `already`: on the waiting list rather than in.
    waiting: bool,
}

impl ConfirmPage {
    fn new(l: Layout, state: &'static str, id: i64) -> ConfirmPage {
        ConfirmPage {
            l,
            state,
            id,
            token: String::new(),
            title: String::new(),
            slug: String::new(),
            when: String::new(),
            name: String::new(),
            until: String::new(),
            waiting: false,
        }
    }

    fn about(mut self, app: &App, event: &Event, r: &Registration) -> ConfirmPage {
        self.title = event.title.clone();
        self.slug = event.slug.clone();
        self.when = event_when(self.l.lang, event, app.settings.timezone);
        self.name = r.name.clone();
        self.waiting = r.status == RegistrationStatus::Waitlisted;
        if let Some(until) = r.hold_until {
            self.until = crate::i18n::dates::numeric_datetime(
                self.l.lang,
                &until.and_utc().with_timezone(&event.tz()),
            );
        }
        self
    }
}

/// The state a registration is in, as the page names it, before any button.
fn state_of(r: &Registration) -> &'static str {
    match r.status {
        RegistrationStatus::Expired => "released",
        s if !s.is_active() => "inactive",
        _ if r.hold_until.is_some() => "confirm",
        _ => "already",
    }
}

/// The link from the mail: what will be confirmed, with a button. Nothing changes on GET.
pub async fn confirm_form(
    State(app): State<App>,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
    anon: AnonToken,
) -> Result<Response, PageError> {
    let path = crate::urls::registration_confirm(id);
    if !app.links.check_confirm_token(id, &q.token) {
        let l = layout(&app, lang, &path, String::new()).await?;
        let page = ConfirmPage::new(l, "invalid", id);
        return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let l = layout(&app, lang, &path, anon.value()).await?;
    let Some((r, event)) = registration_and_event(&app, id).await? else {
        let page = ConfirmPage::new(l, "gone", id);
        return Ok((StatusCode::NOT_FOUND, render(&page)).into_response());
    };
    let mut state = state_of(&r);
    // Past its deadline, a hold the job has not released yet is as good as released.
    if state == "confirm" && r.hold_until.is_some_and(|t| t <= crate::db::now()) {
        state = "released";
    }
    let mut page = ConfirmPage::new(l, state, id).about(&app, &event, &r);
    page.token = q.token;
    Ok(render(&page))
}

/// The button: confirms the hold, or says why it cannot be.
pub async fn confirm(
    State(app): State<App>,
    lang: Lang,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ConfirmForm>,
) -> Result<Response, PageError> {
    let path = crate::urls::registration_confirm(id);
    let l = layout(&app, lang, &path, String::new()).await?;
    if !app.links.check_confirm_token(id, &form.token) {
        let page = ConfirmPage::new(l, "invalid", id);
        return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
    }
    let answer = crate::app::registrations::confirm_hold(&app, id).await?;
    let Some(answer) = answer else {
        let page = ConfirmPage::new(l, "gone", id);
        return Ok((StatusCode::NOT_FOUND, render(&page)).into_response());
    };
    let (state, r) = match answer {
        Confirmation::Confirmed(r) => ("done", r),
        Confirmation::AlreadyConfirmed(r) => ("already", r),
        Confirmation::Released(r) => ("released", r),
        Confirmation::Inactive(r) => ("inactive", r),
    };
    let event_id = r.event_id;
    let event = app.db.read(move |c| agenda::find(c, event_id)).await?;
    let page = ConfirmPage::new(l, state, id).about(&app, &event, &r);
    Ok(render(&page))
}
