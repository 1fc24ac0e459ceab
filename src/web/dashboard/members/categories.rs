//! Membership categories: the list (with their order and whether they are offered), adding
//! one, editing one.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{cents_text, money, parse_cents};
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::{Error, FieldError};
use crate::members::categories::{self, Category, CategoryInput, CategoryKind};
use crate::web::{
    csrf::CheckedForm,
    dashboard::{SavedQuery, dash_layout},
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

/// The form as typed: amounts in euros, as people write them.
#[derive(Deserialize, Default, Clone)]
pub struct CategoryForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub min: String,
}

impl CategoryForm {
    fn of(lang: Lang, c: &Category) -> CategoryForm {
        let text = |cents: Option<i64>| cents.map(|c| cents_text(lang, c)).unwrap_or_default();
        CategoryForm {
            name: c.name.clone(),
            kind: c.kind.as_str().into(),
            amount: text(c.amount_cents),
            min: text(c.min_cents),
        }
    }

    /// The domain's input, and the amounts that could not be read.
    fn input(&self) -> (CategoryInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut read = |text: &str, field: &'static str| match parse_cents(text) {
            Ok(cents) => cents,
            Err(_) => {
                errors.push(FieldError {
                    field,
                    code: "membership_amount_invalid",
                });
                None
            }
        };
        let input = CategoryInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            amount_cents: read(&self.amount, "amount"),
            min_cents: read(&self.min, "min"),
        };
        (input, errors)
    }
}

pub struct CategoryRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub price: String,
    pub active: bool,
    pub first: bool,
    pub last: bool,
}

#[derive(Template)]
#[template(path = "dashboard/members_categories.html")]
struct ListPage {
    l: Layout,
    rows: Vec<CategoryRow>,
    f: CategoryForm,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
    saved: bool,
}

#[derive(Template)]
#[template(path = "dashboard/members_category_form.html")]
struct EditPage {
    l: Layout,
    id: i64,
    f: CategoryForm,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

fn kinds(lang: Lang) -> Vec<(&'static str, &'static str)> {
    CategoryKind::ALL
        .iter()
        .map(|k| (k.as_str(), lang.t(kind_key(*k))))
        .collect()
}

pub fn kind_key(kind: CategoryKind) -> &'static str {
    match kind {
        CategoryKind::Fixed => "membership_kind_fixed",
        CategoryKind::Free => "membership_kind_free",
        CategoryKind::Family => "membership_kind_family",
    }
}

/// What a category costs, in words: `25,00 €`, `from 1,00 €`.
pub fn price(lang: Lang, c: &Category) -> String {
    if c.is_free() {
        format!(
            "{} {}",
            lang.t("membership_from"),
            money(lang, c.min_cents.unwrap_or(0))
        )
    } else {
        money(lang, c.amount_cents.unwrap_or(0))
    }
}

async fn list_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    f: CategoryForm,
    errors: FormErrors,
) -> Result<ListPage, Error> {
    let all = app.db.read(categories::all).await?;
    let count = all.len();
    let rows = all
        .iter()
        .enumerate()
        .map(|(n, c)| CategoryRow {
            id: c.id,
            name: c.name.clone(),
            kind: kind_key(c.kind),
            price: price(lang, c),
            active: c.active,
            first: n == 0,
            last: n + 1 == count,
        })
        .collect();
    let l = dash_layout(app, lang, "/dashboard/members/categories", me).await?;
    Ok(ListPage {
        l,
        rows,
        f,
        errors,
        kinds: kinds(lang),
        saved: false,
    })
}

pub async fn list(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let f = CategoryForm {
        kind: CategoryKind::Fixed.as_str().into(),
        ..CategoryForm::default()
    };
    let mut page = list_page(&app, lang, &me, f, FormErrors::default()).await?;
    page.saved = q.saved.is_some();
    Ok(render(&page))
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<CategoryForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let (input, read_errors) = form.input();
    let saved = if read_errors.is_empty() {
        app::members::create_category(&app, input).await.map(|_| ())
    } else {
        Err(domain_verdict(&input))
    };
    match saved {
        Ok(()) => Ok(Redirect::to("/dashboard/members/categories?saved=1").into_response()),
        Err(e) => {
            let errors = merge(read_errors, e)?;
            let page = list_page(&app, lang, &me, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let category = app.db.read(move |c| categories::find(c, id)).await?;
    let path = format!("/dashboard/members/categories/{id}");
    let l = dash_layout(&app, lang, &path, &me).await?;
    Ok(render(&EditPage {
        l,
        id,
        f: CategoryForm::of(lang, &category),
        errors: FormErrors::default(),
        kinds: kinds(lang),
    }))
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CategoryForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let (input, read_errors) = form.input();
    let saved = if read_errors.is_empty() {
        app::members::update_category(&app, id, input)
            .await
            .map(|_| ())
    } else {
        Err(domain_verdict(&input))
    };
    match saved {
        Ok(()) => Ok(Redirect::to("/dashboard/members/categories?saved=1").into_response()),
        Err(e) => {
            let errors = merge(read_errors, e)?;
            let path = format!("/dashboard/members/categories/{id}");
            let l = dash_layout(&app, lang, &path, &me).await?;
            let page = EditPage {
                l,
                id,
                f: form,
                errors,
                kinds: kinds(lang),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    /// "1" to offer the category, "0" to stop offering it.
    #[serde(default)]
    pub active: String,
}

pub async fn set_active(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ActiveForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let active = form.active == "1";
    app::members::set_category_active(&app, id, active).await?;
    Ok(Redirect::to("/dashboard/members/categories?saved=1").into_response())
}

#[derive(Deserialize)]
pub struct MoveForm {
    /// "up" or "down".
    #[serde(default)]
    pub direction: String,
}

pub async fn move_one(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<MoveForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(Error::bad_request("error_direction").into()),
    };
    app::members::move_category(&app, id, up).await?;
    Ok(Redirect::to("/dashboard/members/categories").into_response())
}

/// What the domain says of the other fields of a form whose amounts could not be read; that
/// form is not saved, but every mistake is shown at once.
fn domain_verdict(input: &CategoryInput) -> Error {
    input
        .check()
        .err()
        .unwrap_or_else(|| Error::Invalid(Vec::new()))
}

/// The form's own mistakes first, then the domain's for other fields.
pub(super) fn merge(mut first: Vec<FieldError>, e: Error) -> Result<FormErrors, Error> {
    let more = FormErrors::from_error(e)?;
    for f in more.0 {
        if !first.iter().any(|g| g.field == f.field) {
            first.push(f);
        }
    }
    Ok(FormErrors(first))
}
