//! `/dashboard/notifications`: the rules that post to the association's chat (admins), a test
//! message for each, and the slash command's token.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::db::TextEnum;
use crate::i18n::Lang;
use crate::notifications::{NoticeKind, Rule, RuleInput, rules};
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};

type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "dashboard/notifications.html")]
struct ListPage {
    l: Layout,
    rules: Vec<RuleRow>,
    done: Option<&'static str>,
    /// The outcome of a test message: (succeeded, words).
    tested: Option<(bool, String)>,
    command_url: String,
    token_set: bool,
    token_errors: FormErrors,
}

struct RuleRow {
    id: i64,
    name: String,
    host: String,
    channel: String,
    kinds: String,
    digest: String,
}

impl RuleRow {
    fn of(lang: Lang, rule: &Rule) -> RuleRow {
        let host = url::Url::parse(&rule.webhook_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        RuleRow {
            id: rule.id,
            name: rule.name.clone(),
            host,
            channel: rule.channel.clone(),
            kinds: rule
                .kinds()
                .iter()
                .map(|k| lang.t(&k.key()).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            digest: rule.digest_at.clone().unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn done_key(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "saved" => Some("chat_rule_saved"),
        "deleted" => Some("chat_rule_deleted"),
        "token" => Some("chat_token_saved"),
        _ => None,
    }
}

async fn list_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    done: Option<&'static str>,
    tested: Option<(bool, String)>,
    token_errors: FormErrors,
) -> Result<Response, PageError> {
    let (all, token) = app
        .db
        .read(|c| {
            Ok::<_, crate::error::Error>((
                rules::all(c)?,
                crate::db::settings::get(c, app::notifications::COMMAND_TOKEN)?,
            ))
        })
        .await?;
    let l = dash_layout(app, lang, "/dashboard/notifications", me).await?;
    let status = if token_errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ListPage {
        l,
        rules: all.iter().map(|r| RuleRow::of(lang, r)).collect(),
        done,
        tested,
        command_url: app.settings.url(crate::urls::chat_command()),
        token_set: token.is_some_and(|t| !t.is_empty()),
        token_errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn list(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    list_page(
        &app,
        lang,
        &me,
        done_key(q.done.as_deref()),
        None,
        FormErrors::default(),
    )
    .await
}

#[derive(Template)]
#[template(path = "dashboard/notifications_form.html")]
struct FormPage {
    l: Layout,
    id: Option<i64>,
    name: String,
    webhook_url: String,
    channel: String,
    digest_at: String,
    /// (word, label key, checked)
    kinds: Vec<(&'static str, String, bool)>,
    errors: FormErrors,
}

async fn form_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: Option<i64>,
    input: RuleInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let path = match id {
        Some(id) => format!("/dashboard/notifications/{id}/edit"),
        None => "/dashboard/notifications/new".to_string(),
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let l = dash_layout(app, lang, &path, me).await?;
    let page = FormPage {
        l,
        id,
        kinds: NoticeKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.key(), input.kinds.contains(k)))
            .collect(),
        name: input.name,
        webhook_url: input.webhook_url,
        channel: input.channel,
        digest_at: input.digest_at,
        errors,
    };
    Ok((status, render(&page)).into_response())
}

/// The rule as the form sent it: one checkbox per kind, `kind_registration`...
fn input_of(form: &Fields) -> RuleInput {
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    RuleInput {
        name: field("name"),
        webhook_url: field("webhook_url"),
        channel: field("channel"),
        digest_at: field("digest_at"),
        kinds: NoticeKind::ALL
            .iter()
            .copied()
            .filter(|k| form.contains_key(&format!("kind_{}", k.as_str())))
            .collect(),
    }
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let input = RuleInput {
        kinds: vec![
            NoticeKind::Registration,
            NoticeKind::Waitlist,
            NoticeKind::Cancellation,
            NoticeKind::EventFull,
            NoticeKind::Approval,
        ],
        ..Default::default()
    };
    form_page(&app, lang, &me, None, input, FormErrors::default()).await
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<Fields>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let input = input_of(&form);
    match app::notifications::create_rule(&app, input.clone()).await {
        Ok(_) => Ok(Redirect::to("/dashboard/notifications?done=saved").into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            form_page(&app, lang, &me, None, input, errors).await
        }
    }
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let rule = app.db.read(move |c| rules::find(c, id)).await?;
    let input = RuleInput {
        kinds: rule.kinds(),
        name: rule.name,
        webhook_url: rule.webhook_url,
        channel: rule.channel,
        digest_at: rule.digest_at.unwrap_or_default(),
    };
    form_page(&app, lang, &me, Some(id), input, FormErrors::default()).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<Fields>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let input = input_of(&form);
    match app::notifications::update_rule(&app, id, input.clone()).await {
        Ok(_) => Ok(Redirect::to("/dashboard/notifications?done=saved").into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            form_page(&app, lang, &me, Some(id), input, errors).await
        }
    }
}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Fields>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    app::notifications::delete_rule(&app, id).await?;
    Ok(Redirect::to("/dashboard/notifications?done=deleted").into_response())
}

/// "Send a test message": posted at once, and the page says what the chat answered.
pub async fn test(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Fields>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let tested = match app::notifications::test_rule(&app, id).await? {
        None => (true, lang.t("chat_test_ok").to_string()),
        Some(problem) => (
            false,
            lang.t_args("chat_test_failed", &[("problem", problem.into())]),
        ),
    };
    list_page(&app, lang, &me, None, Some(tested), FormErrors::default()).await
}

/// Keeps the token Mattermost shows for the slash command.
pub async fn set_token(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<Fields>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let token = form.get("token").cloned().unwrap_or_default();
    match app::notifications::set_command_token(&app, token).await {
        Ok(()) => Ok(Redirect::to("/dashboard/notifications?done=token").into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            list_page(&app, lang, &me, None, None, errors).await
        }
    }
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/notifications", get(list))
        .route("/dashboard/notifications/new", get(new_form).post(create))
        .route(
            "/dashboard/notifications/{id}/edit",
            get(edit_form).post(update),
        )
        .route("/dashboard/notifications/{id}/delete", post(delete))
        .route("/dashboard/notifications/{id}/test", post(test))
        .route("/dashboard/notifications/command", post(set_token))
}
