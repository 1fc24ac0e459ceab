//! Accounts, for admins: create an account for a member, change a role.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::App;
use crate::accounts::{Capability, Role, users};
use crate::web::{
    csrf::CheckedForm,
    i18n::Lang,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};

pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: &'static str,
}

#[derive(Template)]
#[template(path = "dashboard/users.html")]
struct ListPage {
    l: Layout,
    users: Vec<UserRow>,
    roles: Vec<&'static str>,
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
) -> Result<Response, PageError> {
    let list = app.db.run(users::list).await?;
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
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
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
    )
    .await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    name: String,
    email: String,
    password: String,
    role: String,
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<NewUserForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let role = Role::parse(&form.role).unwrap_or(Role::Member);
    let (name, email, password) = (form.name.clone(), form.email.clone(), form.password.clone());
    match app
        .db
        .run(move |c| users::create(c, &email, &name, &password, role))
        .await
    {
        Ok(_) => Ok(Redirect::to("/dashboard/users").into_response()),
        Err(e) => {
            page(
                &app,
                lang,
                &me,
                FormErrors::from_error(e)?,
                form.name,
                form.email,
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
        return Err(PageError(crate::error::Error::invalid("role", "required")));
    };
    match app.db.run(move |c| users::set_role(c, id, role)).await {
        Ok(()) => Ok(Redirect::to("/dashboard/users").into_response()),
        Err(e) => {
            page(
                &app,
                lang,
                &me,
                FormErrors::from_error(e)?,
                String::new(),
                String::new(),
            )
            .await
        }
    }
}
