//! The definitions of custom fields, for admins: add, edit, delete.

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
use crate::error::Error;
use crate::members::fields::{self, Field, FieldInput, FieldKind};
use crate::web::{
    csrf::CheckedForm,
    dashboard::dash_layout,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

/// The definition form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FieldForm {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub choices: String,
    #[serde(default)]
    pub position: String,
}

impl FieldForm {
    fn from_field(f: &Field) -> FieldForm {
        FieldForm {
            key: f.key.clone(),
            label: f.label.clone(),
            kind: f.kind.as_str().into(),
            choices: f.choices.clone(),
            position: f.position.to_string(),
        }
    }

    fn input(&self) -> Result<FieldInput, Error> {
        let position = match self.position.trim() {
            "" => 0,
            text => text
                .parse::<i32>()
                .map_err(|_| Error::invalid("position", "contact_field_position_invalid"))?,
        };
        Ok(FieldInput {
            key: self.key.clone(),
            label: self.label.clone(),
            kind: self.kind.clone(),
            choices: self.choices.clone(),
            position,
        })
    }
}

pub struct FieldRow {
    pub id: i64,
    pub key: String,
    pub label: String,
    pub kind: &'static str,
    pub choices: String,
    pub position: i32,
}

#[derive(Template)]
#[template(path = "dashboard/contacts_fields.html")]
struct FieldsPage {
    l: Layout,
    rows: Vec<FieldRow>,
    /// The field being edited; none for the "new field" form.
    editing: Option<i64>,
    action: String,
    f: FieldForm,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

fn kind_words(lang: Lang, kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Number => lang.t("contact_field_kind_number"),
        FieldKind::Date => lang.t("contact_field_kind_date"),
        FieldKind::Choice => lang.t("contact_field_kind_choice"),
        FieldKind::Text => lang.t("contact_field_kind_text"),
    }
}

async fn page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    editing: Option<i64>,
    f: FieldForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let defs = app.db.read(fields::all).await?;
    let rows = defs
        .iter()
        .map(|d| FieldRow {
            id: d.id,
            key: d.key.clone(),
            label: d.label.clone(),
            kind: kind_words(lang, d.kind),
            choices: d.choice_list().join(", "),
            position: d.position,
        })
        .collect();
    let action = match editing {
        Some(id) => format!("/dashboard/contacts/fields/{id}"),
        None => "/dashboard/contacts/fields".to_string(),
    };
    let l = dash_layout(app, lang, &action, me).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = FieldsPage {
        l,
        rows,
        editing,
        action,
        f,
        errors,
        kinds: FieldKind::ALL
            .iter()
            .map(|k| (k.as_str(), kind_words(lang, *k)))
            .collect(),
    };
    Ok((status, render(&view)).into_response())
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let count = app.db.read(|c| fields::all(c).map(|d| d.len())).await?;
    let f = FieldForm {
        kind: FieldKind::Text.as_str().into(),
        position: (count + 1).to_string(),
        ..FieldForm::default()
    };
    page(&app, lang, &me, None, f, FormErrors::default()).await
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let field = app.db.read(move |c| fields::find(c, id)).await?;
    page(
        &app,
        lang,
        &me,
        Some(id),
        FieldForm::from_field(&field),
        FormErrors::default(),
    )
    .await
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<FieldForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    save(app, lang, me, None, form).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<FieldForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    save(app, lang, me, Some(id), form).await
}

async fn save(
    app: App,
    lang: Lang,
    me: SignedIn,
    id: Option<i64>,
    form: FieldForm,
) -> Result<Response, PageError> {
    let saved = match form.input() {
        Ok(input) => app::contacts::save_field(&app, id, input).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to("/dashboard/contacts/fields").into_response()),
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
    me.require(Capability::Administer)?;
    app::contacts::delete_field(&app, id).await?;
    Ok(Redirect::to("/dashboard/contacts/fields").into_response())
}
