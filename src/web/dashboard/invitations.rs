//! The page an invitation mail links to: the invited person chooses their password, and is
//! then signed in. A used or expired link gets a page that says so, and no form.

use crate::i18n::Lang;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::auth::PasswordPage;
use crate::App;
use crate::accounts::invitations;
use crate::app;
use crate::error::Error;
use crate::web::{
    csrf::{AnonToken, CheckedForm},
    pages::{FormErrors, PageError, layout, render},
    session::session_cookie,
};

async fn page(
    app: &App,
    lang: Lang,
    csrf: &AnonToken,
    secret: &str,
    invitation: Option<invitations::Invitation>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let l = layout(app, lang, "/invitation", csrf.value()).await?;
    let (status, errors, show_form) = match &invitation {
        Some(_) if errors.any() => (StatusCode::UNPROCESSABLE_ENTITY, errors, true),
        Some(_) => (StatusCode::OK, errors, true),
        // 410: the link existed, or may have; it will not work again.
        None => (
            StatusCode::GONE,
            FormErrors::from_error(Error::invalid("token", "invitation_invalid"))?,
            false,
        ),
    };
    let view = PasswordPage {
        heading: lang.t("invite_title").into(),
        action: crate::urls::invitation(secret),
        l,
        ask_identity: false,
        name: invitation
            .as_ref()
            .map(|i| i.display_name.clone())
            .unwrap_or_default(),
        email: invitation.map(|i| i.email).unwrap_or_default(),
        errors,
        show_form,
    };
    Ok((status, render(&view)).into_response())
}

pub async fn form(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let s = secret.clone();
    let invitation = app.db.read(move |c| invitations::find_valid(c, &s)).await?;
    page(
        &app,
        lang,
        &csrf,
        &secret,
        invitation,
        FormErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
pub struct ChooseForm {
    password: String,
}

pub async fn accept(
    State(app): State<App>,
    lang: Lang,
    csrf: AnonToken,
    jar: CookieJar,
    Path(secret): Path<String>,
    CheckedForm(form): CheckedForm<ChooseForm>,
) -> Result<Response, PageError> {
    let outcome = app::sessions::accept_invitation(&app, secret.clone(), form.password).await;
    match outcome {
        Ok(token) => Ok((
            jar.add(session_cookie(&app, token)),
            Redirect::to("/dashboard"),
        )
            .into_response()),
        Err(e) => {
            let s = secret.clone();
            let invitation = app.db.read(move |c| invitations::find_valid(c, &s)).await?;
            page(
                &app,
                lang,
                &csrf,
                &secret,
                invitation,
                FormErrors::from_error(e)?,
            )
            .await
        }
    }
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::get;
    axum::Router::new().route("/invitation/{secret}", get(form).post(accept))
}
