//! Website pages in the dashboard: list, write with a preview, edit, delete.

use crate::i18n::Lang;
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
use crate::site::{
    markdown,
    pages::{self, PageInput},
};
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};

#[derive(Template)]
#[template(path = "dashboard/pages.html")]
struct ListPage {
    l: Layout,
    pages: Vec<pages::Page>,
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let pages = app.db.read(pages::all).await?;
    let l = dash_layout(&app, lang, "/dashboard/pages", &me).await?;
    Ok(render(&ListPage { l, pages }))
}

#[derive(Template)]
#[template(path = "dashboard/page_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    id: Option<i64>,
    title: String,
    slug: String,
    body: String,
    in_menu: bool,
    menu_order: i32,
    published: bool,
    preview: Option<String>,
    errors: FormErrors,
    saved: bool,
    /// The public address, once the page is published.
    public_url: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PageForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    body: String,
    in_menu: Option<String>,
    #[serde(default)]
    menu_order: String,
    published: Option<String>,
    action: Option<String>,
}

impl PageForm {
    fn input(&self) -> PageInput {
        PageInput {
            title: self.title.clone(),
            slug: self.slug.trim().to_string(),
            body: self.body.clone(),
            in_menu: self.in_menu.is_some(),
            menu_order: self.menu_order.trim().parse().unwrap_or(0),
            published: self.published.is_some(),
        }
    }
}

impl FormPage {
    fn new(l: Layout, id: Option<i64>, form: PageForm) -> FormPage {
        let heading = if id.is_some() {
            l.t("edit_page")
        } else {
            l.t("new_page")
        };
        let input = form.input();
        FormPage {
            heading: heading.to_string(),
            action: id
                .map(|id| format!("/dashboard/pages/{id}"))
                .unwrap_or("/dashboard/pages/new".into()),
            l,
            id,
            title: form.title,
            slug: form.slug,
            body: form.body,
            in_menu: input.in_menu,
            menu_order: input.menu_order,
            published: input.published,
            preview: None,
            errors: FormErrors::default(),
            saved: false,
            public_url: None,
        }
    }
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let l = dash_layout(&app, lang, "/dashboard/pages/new", &me).await?;
    Ok(render(&FormPage::new(l, None, PageForm::default())))
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<super::SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let page = app.db.read(move |c| pages::find(c, id)).await?;
    let l = dash_layout(&app, lang, &format!("/dashboard/pages/{id}"), &me).await?;
    let public_url = page.published.then(|| crate::urls::page(&page.slug));
    let form = PageForm {
        title: page.title,
        slug: page.slug,
        body: page.body_md,
        in_menu: page.in_menu.then(|| "on".into()),
        menu_order: page.menu_order.to_string(),
        published: page.published.then(|| "on".into()),
        action: None,
    };
    let mut view = FormPage::new(l, Some(id), form);
    view.saved = q.saved.is_some();
    view.public_url = public_url;
    Ok(render(&view))
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<PageForm>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    save(app, lang, me, None, form).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<PageForm>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    save(app, lang, me, Some(id), form).await
}

async fn save(
    app: App,
    lang: Lang,
    me: SignedIn,
    id: Option<i64>,
    form: PageForm,
) -> Result<Response, PageError> {
    let path = id
        .map(|id| format!("/dashboard/pages/{id}"))
        .unwrap_or("/dashboard/pages/new".into());
    if form.action.as_deref() == Some("preview") {
        let l = dash_layout(&app, lang, &path, &me).await?;
        let html = markdown::to_html(&form.body);
        let mut page = FormPage::new(l, id, form);
        page.preview = Some(html);
        return Ok(render(&page));
    }
    let input = form.input();
    let saved = match id {
        Some(id) => app::pages::update_page(&app, id, input).await,
        None => app::pages::create_page(&app, input).await,
    };
    match saved {
        Ok(page) => {
            Ok(Redirect::to(&format!("/dashboard/pages/{}?saved=1", page.id)).into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let l = dash_layout(&app, lang, &path, &me).await?;
            let mut page = FormPage::new(l, id, form);
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    app::pages::delete_page(&app, id).await?;
    Ok(Redirect::to("/dashboard/pages").into_response())
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/pages", get(list))
        .route("/dashboard/pages/new", get(new_form).post(create))
        .route("/dashboard/pages/{id}", get(edit_form).post(update))
        .route("/dashboard/pages/{id}/delete", post(delete))
}
