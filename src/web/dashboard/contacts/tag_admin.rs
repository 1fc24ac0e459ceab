//! Tags and groups: the list with how many contacts carry each, add, rename, delete.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::Empty;
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::members::tags::{self, TagInput, TagKind};
use crate::web::{
    csrf::CheckedForm,
    dashboard::dash_layout,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TagForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
}

pub struct TagRow {
    pub id: i64,
    pub name: String,
    pub group: bool,
    pub description: String,
    pub count: i64,
}

#[derive(Template)]
#[template(path = "dashboard/contacts_tags.html")]
struct TagsPage {
    l: Layout,
    rows: Vec<TagRow>,
    editing: Option<i64>,
    action: String,
    f: TagForm,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

async fn page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    editing: Option<i64>,
    f: TagForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let all = app.db.read(tags::all_with_counts).await?;
    let rows = all
        .into_iter()
        .map(|(t, count)| TagRow {
            id: t.id,
            group: t.is_group(),
            name: t.name,
            description: t.description,
            count,
        })
        .collect();
    let action = match editing {
        Some(id) => format!("/dashboard/contacts/tags/{id}"),
        None => "/dashboard/contacts/tags".to_string(),
    };
    let l = dash_layout(app, lang, &action, me).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = TagsPage {
        l,
        rows,
        editing,
        action,
        f,
        errors,
        kinds: TagKind::ALL
            .iter()
            .map(|k| (k.as_str(), lang.t(kind_key(*k))))
            .collect(),
    };
    Ok((status, render(&view)).into_response())
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let f = TagForm {
        kind: TagKind::Tag.as_str().into(),
        ..TagForm::default()
    };
    page(&app, lang, &me, None, f, FormErrors::default()).await
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let tag = app.db.read(move |c| tags::find(c, id)).await?;
    let f = TagForm {
        name: tag.name,
        kind: tag.kind.as_str().into(),
        description: tag.description,
    };
    page(&app, lang, &me, Some(id), f, FormErrors::default()).await
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<TagForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    save(app, lang, me, None, form).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<TagForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    save(app, lang, me, Some(id), form).await
}

async fn save(
    app: App,
    lang: Lang,
    me: SignedIn,
    id: Option<i64>,
    form: TagForm,
) -> Result<Response, PageError> {
    let input = TagInput {
        name: form.name.clone(),
        kind: form.kind.clone(),
        description: form.description.clone(),
    };
    let saved = app::contacts::save_tag(&app, id, input).await;
    match saved {
        Ok(_) => Ok(Redirect::to("/dashboard/contacts/tags").into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            page(&app, lang, &me, id, form, errors).await
        }
    }
}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    app::contacts::delete_tag(&app, id).await?;
    Ok(Redirect::to("/dashboard/contacts/tags").into_response())
}

/// The catalogue's word for a kind.
fn kind_key(kind: TagKind) -> &'static str {
    match kind {
        TagKind::Tag => "contact_tag_kind_tag",
        TagKind::Group => "contact_tag_kind_group",
    }
}
