//! Making, editing and deleting a list.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::Empty;
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::db::TextEnum;
use crate::error::Error;
use crate::i18n::Lang;
use crate::newsletter::lists::{self, ListInput, ListKind};
use crate::web::dashboard::dash_layout;
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};

/// The kinds offered on the list form: (stored word, its explanation).
fn kinds() -> Vec<(&'static str, &'static str)> {
    ListKind::ALL
        .iter()
        .map(|k| {
            let key = match k {
                ListKind::Public => "list_kind_public",
                ListKind::Private => "list_kind_private",
                ListKind::Members => "list_kind_members",
            };
            (k.as_str(), key)
        })
        .collect()
}

#[derive(Template)]
#[template(path = "dashboard/lists_form.html")]
struct FormPage {
    l: Layout,
    /// `None` for a new list.
    id: Option<i64>,
    form: ListInput,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
    used_by_campaigns: i64,
}

async fn form_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: Option<i64>,
    form: ListInput,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let path = match id {
        Some(id) => format!("/dashboard/lists/{id}/edit"),
        None => "/dashboard/lists/new".to_string(),
    };
    let used_by_campaigns = match id {
        Some(id) => {
            app.db
                .read(move |c| lists::used_by_campaigns(c, id))
                .await?
        }
        None => 0,
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
        form,
        errors,
        kinds: kinds(),
        used_by_campaigns,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let form = ListInput {
        kind: ListKind::Private.as_str().into(),
        ..Default::default()
    };
    form_page(&app, lang, &me, None, form, FormErrors::default()).await
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<ListInput>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    match app::subscriptions::create_list(&app, form.clone()).await {
        Ok(list) => Ok(
            Redirect::to(&format!("/dashboard/lists/{}?done=list_saved", list.id)).into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            form_page(&app, lang, &me, None, form, errors).await
        }
    }
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let list = app.db.read(move |c| lists::find(c, id)).await?;
    let form = ListInput {
        name: list.name,
        slug: list.slug,
        description: list.description,
        kind: list.kind.as_str().into(),
    };
    form_page(&app, lang, &me, Some(id), form, FormErrors::default()).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ListInput>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    match app::subscriptions::update_list(&app, id, form.clone()).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/dashboard/lists/{id}?done=list_saved")).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            form_page(&app, lang, &me, Some(id), form, errors).await
        }
    }
}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    match app::subscriptions::delete_list(&app, id).await {
        Ok(()) => Ok(Redirect::to("/dashboard/lists?done=list_deleted").into_response()),
        Err(Error::Conflict(_)) => {
            Ok(Redirect::to("/dashboard/lists?done=list_delete_refused").into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
