//! A member's own account: change the password, create and revoke API tokens.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::{Capability, api_tokens};
use crate::app;
use crate::web::{
    client_addr::ClientAddr,
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::{SignedIn, session_cookie},
};

#[derive(Template)]
#[template(path = "dashboard/account.html")]
struct AccountPage {
    l: Layout,
    email: String,
    role: String,
    tokens: Vec<api_tokens::ApiToken>,
    new_token: Option<String>,
    notice: String,
    errors: FormErrors,
    /// What to type in Mattermost to link it to this account (`lier CODE`), and whether it is.
    chat_code: String,
    chat_linked: bool,
}

async fn page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    new_token: Option<String>,
    notice: &str,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let user_id = me.user.id;
    let (tokens, chat_linked) = app
        .db
        .read(move |c| {
            Ok::<_, crate::error::Error>((
                api_tokens::list(c, user_id)?,
                crate::accounts::users::chat_linked(c, user_id)?,
            ))
        })
        .await?;
    let chat_code = crate::notifications::command::link_code(&app.links.secret, &me.user);
    let l = dash_layout(app, lang, "/dashboard/account", me).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = AccountPage {
        l,
        email: me.user.email.clone(),
        role: super::users::role_words(lang, me.user.role()),
        tokens,
        new_token,
        notice: notice.to_string(),
        errors,
        chat_code,
        chat_linked,
    };
    Ok((status, render(&view)).into_response())
}

pub async fn show(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    page(&app, lang, &me, None, "", FormErrors::default()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    password: String,
}

/// Changes the password, ends every other session, and keeps this browser signed in.
pub async fn change_password(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    client: ClientAddr,
    jar: CookieJar,
    CheckedForm(form): CheckedForm<PasswordForm>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let outcome = app::users::change_password(
        &app,
        me.user.clone(),
        form.current,
        form.password,
        client.key(),
    )
    .await;
    match outcome {
        Ok(token) => {
            let jar = jar.add(session_cookie(&app, token));
            Ok((jar, Redirect::to("/dashboard/account")).into_response())
        }
        Err(e) => page(&app, lang, &me, None, "", FormErrors::from_error(e)?).await,
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<TokenForm>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let user_id = me.user.id;
    match app::users::create_api_token(&app, user_id, form.name).await {
        Ok(secret) => page(&app, lang, &me, Some(secret), "", FormErrors::default()).await,
        Err(e) => page(&app, lang, &me, None, "", FormErrors::from_error(e)?).await,
    }
}

pub async fn revoke_token(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let user_id = me.user.id;
    app::users::revoke_api_token(&app, user_id, id).await?;
    Ok(Redirect::to("/dashboard/account").into_response())
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/account", get(show))
        .route("/dashboard/account/password", post(change_password))
        .route("/dashboard/account/tokens", post(create_token))
        .route("/dashboard/account/tokens/{id}/delete", post(revoke_token))
}
