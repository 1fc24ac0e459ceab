//! Images: upload (checked by their bytes, 5 MB at most) and the list with their Markdown.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Multipart, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::dash_layout;
use crate::App;
use crate::accounts::Capability;
use crate::app;
use crate::error::{Error, Message};
use crate::site::media::{self, Media};
use crate::web::{
    csrf::constant_time_eq,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};

#[derive(Template)]
#[template(path = "dashboard/media.html")]
struct ListPage {
    l: Layout,
    media: Vec<Media>,
    errors: FormErrors,
}

async fn page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let list = app.db.read(media::all).await?;
    let l = dash_layout(app, lang, "/dashboard/media", me).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&ListPage {
            l,
            media: list,
            errors,
        }),
    )
        .into_response())
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    page(&app, lang, &me, FormErrors::default()).await
}

/// The multipart form carries its CSRF token as a field before the file.
pub async fn upload(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    mut form: Multipart,
) -> Result<Response, PageError> {
    me.require(Capability::EditSite)?;
    let mut csrf_ok = false;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| Error::BadRequest(Message::new("error_upload_unreadable").with("detail", e)))?
    {
        match field.name() {
            Some("csrf") => {
                let value = field.text().await.map_err(|e| {
                    Error::BadRequest(Message::new("error_upload_unreadable").with("detail", e))
                })?;
                csrf_ok = constant_time_eq(value.as_bytes(), me.csrf.as_bytes());
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("image").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| Error::invalid("file", "file_too_large"));
                match bytes {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(e) => return page(&app, lang, &me, FormErrors::from_error(e)?).await,
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(PageError(Error::bad_request("csrf_failed")));
    }
    let (name, bytes) = file.unwrap_or_default();
    match app::media::upload(&app, name, bytes).await {
        Ok(_) => Ok(Redirect::to("/dashboard/media").into_response()),
        Err(e) => page(&app, lang, &me, FormErrors::from_error(e)?).await,
    }
}

/// The addresses this part of the dashboard answers.
pub fn routes() -> axum::Router<App> {
    use axum::routing::get;
    axum::Router::new().route("/dashboard/media", get(list).post(upload))
}
