//! News posts in the dashboard: list, write with a preview, edit, delete.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::dash_layout;
use crate::accounts::Capability;
use crate::site::{
    markdown,
    posts::{self, PostInput},
};
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

#[derive(Template)]
#[template(path = "dashboard/posts.html")]
struct ListPage {
    l: Layout,
    posts: Vec<posts::Post>,
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let posts = app.db.read(posts::all).await?;
    let l = dash_layout(&app, lang, "/dashboard/posts", &me).await?;
    Ok(render(&ListPage { l, posts }))
}

#[derive(Template)]
#[template(path = "dashboard/post_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    id: Option<i64>,
    title: String,
    summary: String,
    body: String,
    publish: bool,
    preview: Option<String>,
    errors: FormErrors,
    saved: bool,
    /// The public address, once the post is published.
    public_url: Option<String>,
}

impl FormPage {
    fn new(l: Layout, id: Option<i64>, form: PostForm) -> FormPage {
        let heading = if id.is_some() {
            l.t("edit_post")
        } else {
            l.t("new_post")
        };
        FormPage {
            heading: heading.to_string(),
            action: id
                .map(|id| format!("/dashboard/posts/{id}"))
                .unwrap_or("/dashboard/posts/new".into()),
            l,
            id,
            title: form.title,
            summary: form.summary,
            body: form.body,
            publish: form.publish.is_some(),
            preview: None,
            errors: FormErrors::default(),
            saved: false,
            public_url: None,
        }
    }
}

/// The form as posted: checkboxes arrive as `on` or not at all.
#[derive(Deserialize, Default)]
pub struct PostForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    body: String,
    publish: Option<String>,
    action: Option<String>,
}

impl PostForm {
    fn input(&self) -> PostInput {
        PostInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            publish: self.publish.is_some(),
        }
    }
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let l = dash_layout(&app, lang, "/dashboard/posts/new", &me).await?;
    Ok(render(&FormPage::new(l, None, PostForm::default())))
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<super::SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let post = app.db.read(move |c| posts::find(c, id)).await?;
    let l = dash_layout(&app, lang, &format!("/dashboard/posts/{id}"), &me).await?;
    let public_url = post
        .is_published()
        .then(|| crate::urls::news_post(&post.slug));
    let form = PostForm {
        title: post.title,
        summary: post.summary,
        body: post.body_md,
        publish: post.published_at.map(|_| "on".into()),
        action: None,
    };
    let mut page = FormPage::new(l, Some(id), form);
    page.saved = q.saved.is_some();
    page.public_url = public_url;
    Ok(render(&page))
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<PostForm>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    save(app, lang, me, None, form).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<PostForm>,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    save(app, lang, me, Some(id), form).await
}

/// Preview shows the rendered text and keeps everything typed; save checks every field and,
/// on a mistake, shows the form again with the errors next to their fields.
async fn save(
    app: App,
    lang: Lang,
    me: SignedIn,
    id: Option<i64>,
    form: PostForm,
) -> Result<Response, PageError> {
    let path = id
        .map(|id| format!("/dashboard/posts/{id}"))
        .unwrap_or("/dashboard/posts/new".into());
    if form.action.as_deref() == Some("preview") {
        let l = dash_layout(&app, lang, &path, &me).await?;
        let html = markdown::to_html(&form.body);
        let mut page = FormPage::new(l, id, form);
        page.preview = Some(html);
        return Ok(render(&page));
    }
    let input = form.input();
    let saved = match id {
        Some(id) => app::posts::update_post(&app, id, input).await,
        None => app::posts::create_post(&app, input).await,
    };
    match saved {
        Ok(post) => {
            Ok(Redirect::to(&format!("/dashboard/posts/{}?saved=1", post.id)).into_response())
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
    app::posts::delete_post(&app, id).await?;
    Ok(Redirect::to("/dashboard/posts").into_response())
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/dashboard/posts", get(list))
        .route("/dashboard/posts/new", get(new_form).post(create))
        .route("/dashboard/posts/{id}", get(edit_form).post(update))
        .route("/dashboard/posts/{id}/delete", post(delete))
}
