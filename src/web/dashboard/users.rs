//! Accounts, for admins: invite a member by mail (they choose their own password through the
//! link, see `invitations`), change a role.

use crate::app;
use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::{Capability, Role, invitations, users};
use crate::db::TextEnum;
use crate::error::Error;
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};

pub struct InvitationRow {
    pub email: String,
    pub role: String,
    pub expires: String,
}

pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    /// The role's code, for the form's choice.
    pub role: &'static str,
}

/// A role in words (`role_editor`: "Rédacteur·rice").
pub fn role_words(lang: Lang, role: Role) -> String {
    lang.t(&format!("role_{}", role.as_str())).to_string()
}

#[derive(Template)]
#[template(path = "dashboard/users.html")]
struct ListPage {
    l: Layout,
    users: Vec<UserRow>,
    invitations: Vec<InvitationRow>,
    notice: String,
    /// (code, words) of every role.
    roles: Vec<(&'static str, String)>,
    errors: FormErrors,
    form_name: String,
    form_email: String,
}

async fn page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    errors: FormErrors,
    form_name: String,
    form_email: String,
    notice: &str,
) -> Result<Response, PageError> {
    let list = app.db.read(users::list).await?;
    let pending = app.db.read(invitations::pending).await?;
    let tz = app.settings.timezone;
    let invitations = pending
        .into_iter()
        .map(|i| InvitationRow {
            email: i.email,
            role: role_words(lang, i.role),
            expires: crate::web::pages::when(lang, tz, &i.expires_at),
        })
        .collect();
    let rows = list
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            role: u.role().as_str(),
            display_name: u.display_name,
            email: u.email,
        })
        .collect();
    let l = dash_layout(app, lang, "/dashboard/users", me).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ListPage {
        l,
        users: rows,
        invitations,
        notice: notice.to_string(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), role_words(lang, *r)))
            .collect(),
        errors,
        form_name,
        form_email,
    };
    Ok((status, render(&view)).into_response())
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    page(
        &app,
        lang,
        &me,
        FormErrors::default(),
        String::new(),
        String::new(),
        "",
    )
    .await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    name: String,
    email: String,
    role: String,
}

/// Invites a person: the mail with the link is queued in the same transaction.
pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<NewUserForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let Some(role) = Role::parse(&form.role) else {
        return Err(PageError(Error::invalid("role", "required")));
    };
    let (name, email, by) = (form.name.clone(), form.email.clone(), me.user.id);
    let outcome = app::accounts::invite(&app, email, name, role, by).await;
    match outcome {
        Ok(()) => {
            page(
                &app,
                lang,
                &me,
                FormErrors::default(),
                String::new(),
                String::new(),
                lang.t("invite_sent"),
            )
            .await
        }
        Err(e) => {
            page(
                &app,
                lang,
                &me,
                FormErrors::from_error(e)?,
                form.name,
                form.email,
                "",
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RoleForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let Some(role) = Role::parse(&form.role) else {
        return Err(PageError(Error::invalid("role", "required")));
    };
    match app::users::set_role(&app, id, role).await {
        Ok(()) => Ok(Redirect::to("/dashboard/users").into_response()),
        Err(e) => {
            page(
                &app,
                lang,
                &me,
                FormErrors::from_error(e)?,
                String::new(),
                String::new(),
                "",
            )
            .await
        }
    }
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/users", get(list).post(create))
        .route("/dashboard/users/{id}/role", post(set_role))
}
