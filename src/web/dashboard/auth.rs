//! Logging in and out, the password reset by mail, and the one-time setup link.

use crate::app;
use crate::i18n::Lang;
use crate::urls;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::App;
use crate::accounts::{resets, setup};
use crate::error::Error;
use crate::web::{
    client_addr::ClientAddr,
    csrf::{AnonToken, CheckedForm},
    pages::{FormErrors, Layout, PageError, layout, render},
    session::{SESSION_COOKIE, safe_next, session_cookie},
};

#[derive(Template)]
#[template(path = "dashboard/login.html")]
struct LoginPage {
    l: Layout,
    next: String,
    email: String,
    message: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageError> {
    let l = layout(&app, lang, "/login", csrf.value()).await?;
    Ok(render(&LoginPage {
        l,
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        message: String::new(),
    }))
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    client: ClientAddr,
    jar: CookieJar,
    CheckedForm(form): CheckedForm<LoginForm>,
) -> Result<Response, PageError> {
    let (email, password) = (form.email.clone(), form.password.clone());
    let outcome = app::sessions::sign_in(&app, email, password, client.key()).await;
    match outcome {
        Ok(token) => {
            let next = safe_next(form.next.as_deref());
            Ok((jar.add(session_cookie(&app, token)), Redirect::to(&next)).into_response())
        }
        Err(e @ (Error::Invalid(_) | Error::TooManyRequests)) => {
            let key = if matches!(e, Error::TooManyRequests) {
                "too_many_attempts"
            } else {
                "login_failed"
            };
            let l = layout(&app, lang, "/login", csrf.value()).await?;
            let status = e.status();
            let page = render(&LoginPage {
                message: lang.t(key).to_string(),
                l,
                next: safe_next(form.next.as_deref()),
                email: form.email,
            });
            Ok((status, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(
    State(app): State<App>,
    jar: CookieJar,
    CheckedForm(_): CheckedForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        app::sessions::sign_out(&app, token).await?;
    }
    Ok((
        jar.remove(
            axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE)
                .path("/")
                .secure(crate::web::session::secure_cookies(&app)),
        ),
        Redirect::to("/"),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "dashboard/reset_request.html")]
struct ResetRequestPage {
    l: Layout,
    sent: bool,
}

pub async fn reset_request_form(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
) -> Result<Response, PageError> {
    let l = layout(&app, lang, "/password-reset", csrf.value()).await?;
    Ok(render(&ResetRequestPage { l, sent: false }))
}

#[derive(Deserialize)]
pub struct EmailForm {
    email: String,
}

/// Always answers the same page, whether an account exists or not.
pub async fn reset_request(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    CheckedForm(form): CheckedForm<EmailForm>,
) -> Result<Response, PageError> {
    app::accounts::request_password_reset(&app, lang, form.email).await?;
    let l = layout(&app, lang, "/password-reset", csrf.value()).await?;
    Ok(render(&ResetRequestPage { l, sent: true }))
}

/// The page where a password is chosen: a reset, the setup link, an invitation.
#[derive(Template)]
#[template(path = "dashboard/password_form.html")]
pub struct PasswordPage {
    pub l: Layout,
    pub heading: String,
    pub action: String,
    pub ask_identity: bool,
    pub name: String,
    pub email: String,
    pub errors: FormErrors,
    /// False when the link cannot work any more: the page only says so.
    pub show_form: bool,
}

pub async fn reset_form(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let check = secret.clone();
    let valid = app.db.read(move |c| resets::is_valid(c, &check)).await?;
    let l = layout(&app, lang, "/password-reset", csrf.value()).await?;
    let errors = if valid {
        FormErrors::default()
    } else {
        FormErrors::from_error(Error::invalid("token", "reset_link_invalid"))?
    };
    Ok(render(&PasswordPage {
        heading: lang.t("reset_password").into(),
        action: urls::password_reset(&secret),
        l,
        ask_identity: false,
        name: String::new(),
        email: String::new(),
        errors,
        show_form: true,
    }))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

pub async fn reset(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    jar: CookieJar,
    Path(secret): Path<String>,
    CheckedForm(form): CheckedForm<PasswordForm>,
) -> Result<Response, PageError> {
    let outcome = app::sessions::finish_reset(&app, secret.clone(), form.password).await;
    match outcome {
        Ok(token) => Ok((
            jar.add(session_cookie(&app, token)),
            Redirect::to("/dashboard"),
        )
            .into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let l = layout(&app, lang, "/password-reset", csrf.value()).await?;
            let page = PasswordPage {
                heading: lang.t("reset_password").into(),
                action: urls::password_reset(&secret),
                l,
                ask_identity: false,
                name: String::new(),
                email: String::new(),
                errors,
                show_form: true,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

pub async fn setup_form(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let check = secret.clone();
    if !app.db.read(move |c| setup::is_valid(c, &check)).await? {
        return Err(PageError(Error::NotFound));
    }
    let l = layout(&app, lang, "/setup", csrf.value()).await?;
    Ok(render(&PasswordPage {
        heading: lang.t("setup_title").into(),
        action: urls::setup(&secret),
        l,
        ask_identity: true,
        name: String::new(),
        email: String::new(),
        errors: FormErrors::default(),
        show_form: true,
    }))
}

pub async fn setup(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    jar: CookieJar,
    Path(secret): Path<String>,
    CheckedForm(form): CheckedForm<PasswordForm>,
) -> Result<Response, PageError> {
    let (email, name, password) = (form.email.clone(), form.name.clone(), form.password.clone());
    let outcome = app::sessions::finish_setup(&app, secret.clone(), email, name, password).await;
    match outcome {
        Ok(token) => Ok((
            jar.add(session_cookie(&app, token)),
            Redirect::to("/dashboard"),
        )
            .into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let l = layout(&app, lang, "/setup", csrf.value()).await?;
            let page = PasswordPage {
                heading: lang.t("setup_title").into(),
                action: urls::setup(&secret),
                l,
                ask_identity: true,
                name: form.name,
                email: form.email,
                errors,
                show_form: true,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route(
            "/password-reset",
            get(reset_request_form).post(reset_request),
        )
        .route("/password-reset/{secret}", get(reset_form).post(reset))
        .route("/setup/{secret}", get(setup_form).post(setup))
}
