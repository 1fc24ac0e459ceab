//! The public newsletter pages: `/newsletter` (the subscribe form and the archive of sent
//! newsletters), the form alone for other sites (`/newsletter/embed`), and the links mailed to
//! people: confirm (`/newsletter/confirm/{secret}`) and unsubscribe
//! (`/newsletter/unsubscribe/{token}`, also the target of RFC 8058 one-click unsubscribe).
//!
//! These addresses are in mails already sent and on other sites: they never change, and the
//! links hold nothing but a random secret, which any later version can read.
//!
//! None of the POSTs here asks for the CSRF token: the form is embeddable on other sites, and
//! the links come from mails. That is safe because each POST can only do what its owner wants:
//! a forged subscription only sends a confirmation mail (double opt-in: nothing else happens
//! until the owner of the address clicks), and confirming or unsubscribing needs the secret
//! that only the mail holds.

use crate::app;
use crate::i18n::Lang;
use askama::Template;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

use super::{
    events::long_date,
    pages::{FormErrors, Layout, PageError, render},
};
use crate::App;
use crate::error::{Error, FieldError};
use crate::newsletter::{
    archive,
    lists::{self, List, SubscriptionStatus},
    subscriptions::{self, Confirmation, OnList, Unsubscribed},
};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/newsletter", get(form_page))
        .route(
            "/newsletter/subscribe",
            get(|| async { Redirect::to("/newsletter") }).post(subscribe),
        )
        .route("/newsletter/embed", get(embed_page))
        .route(
            "/newsletter/confirm/{secret}",
            get(confirm_page).post(confirm),
        )
        .route(
            "/newsletter/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

/// The site as the confirmation mail names it.
async fn public_layout(app: &App, lang: Lang, path: &str) -> Result<Layout, Error> {
    let menu = app.db.read(crate::site::pages::menu).await?;
    Ok(Layout::public(app, lang, path, menu))
}

// ---------------------------------------------------------------------------------------------
// The form and the archive

/// A public list as the form offers it.
pub struct ListChoice {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub checked: bool,
}

/// What the visitor typed.
#[derive(Default, Clone)]
pub struct SubscribeForm {
    pub email: String,
    pub name: String,
    pub lists: Vec<i64>,
    /// The form showed a box per list (there are several): none ticked is a mistake.
    pub lists_shown: bool,
    /// The honeypot: hidden from people, filled in by bots.
    pub website: String,
    /// Posted from the embedded form: the answer is a page that can sit in a frame.
    pub embed: bool,
    pub lang: Option<Lang>,
}

impl SubscribeForm {
    fn read(fields: &[(String, String)]) -> SubscribeForm {
        let mut form = SubscribeForm::default();
        for (key, value) in fields {
            match key.as_str() {
                "email" => form.email = value.clone(),
                "name" => form.name = value.clone(),
                "list" => {
                    if let Ok(id) = value.trim().parse() {
                        form.lists.push(id);
                    }
                }
                "lists_shown" => form.lists_shown = true,
                "website" => form.website = value.clone(),
                "embed" => form.embed = value == "1",
                "lang" => form.lang = Lang::parse(value),
                _ => {}
            }
        }
        form
    }
}

/// An archived newsletter as the page lists it.
pub struct ArchiveRow {
    pub slug: String,
    pub subject: String,
    pub date: String,
    pub iso: String,
}

#[derive(Template)]
#[template(path = "public/newsletter.html")]
struct FormPage {
    l: Layout,
    lists: Vec<ListChoice>,
    several: bool,
    form: SubscribeForm,
    errors: FormErrors,
    archive: Vec<ArchiveRow>,
    embed: bool,
}

#[derive(Template)]
#[template(path = "public/newsletter_embed.html")]
struct EmbedPage {
    l: Layout,
    lists: Vec<ListChoice>,
    several: bool,
    form: SubscribeForm,
    errors: FormErrors,
    embed: bool,
    /// `form` or `sent`.
    state: &'static str,
}

#[derive(Template)]
#[template(path = "public/newsletter_sent.html")]
struct SentPage {
    l: Layout,
}

fn choices(lists: &[List], chosen: &[i64]) -> Vec<ListChoice> {
    lists
        .iter()
        .enumerate()
        .map(|(i, list)| ListChoice {
            id: list.id,
            name: list.name.clone(),
            description: list.description.clone(),
            checked: if chosen.is_empty() {
                i == 0
            } else {
                chosen.contains(&list.id)
            },
        })
        .collect()
}

fn archive_rows(app: &App, lang: Lang, sent: &[archive::ArchivedCampaign]) -> Vec<ArchiveRow> {
    let tz = app.settings.timezone;
    sent.iter()
        .filter_map(|c| {
            let at = c.finished_at?.and_utc().with_timezone(&tz);
            Some(ArchiveRow {
                slug: c.slug.clone(),
                subject: c.subject.clone(),
                date: long_date(lang, &at),
                iso: at.to_rfc3339(),
            })
        })
        .collect()
}

/// `/newsletter`: the form, and the newsletters already sent.
pub async fn form_page(State(app): State<App>, lang: Lang) -> Result<Response, PageError> {
    let (public, sent) = app
        .db
        .read(|c| Ok::<_, Error>((lists::public(c)?, archive::list_public(c)?)))
        .await?;
    let l = public_layout(&app, lang, "/newsletter").await?;
    Ok(render(&FormPage {
        several: public.len() > 1,
        lists: choices(&public, &[]),
        archive: archive_rows(&app, lang, &sent),
        form: SubscribeForm::default(),
        errors: FormErrors::default(),
        embed: false,
        l,
    }))
}

#[derive(Deserialize, Default)]
pub struct EmbedQuery {
    lang: Option<String>,
}

/// `/newsletter/embed`: the form alone, to sit in a frame on another site.
pub async fn embed_page(
    State(app): State<App>,
    lang: Lang,
    Query(q): Query<EmbedQuery>,
) -> Result<Response, PageError> {
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
    let public = app.db.read(lists::public).await?;
    let page = EmbedPage {
        l: Layout::public(&app, lang, "/newsletter/embed", Vec::new()),
        several: public.len() > 1,
        lists: choices(&public, &[]),
        form: SubscribeForm::default(),
        errors: FormErrors::default(),
        embed: true,
        state: "form",
    };
    Ok(frameable(render(&page)))
}

/// Lets other sites put this answer in a frame. The router adds `X-Frame-Options: DENY` only
/// when the answer has none: `ALLOWALL` is no value browsers forbid with (they ignore it), and
/// `frame-ancestors *` (in the site's policy, `web::headers`) is the standard way to say
/// "any site".
fn frameable(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        super::headers::frameable_policy(),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("ALLOWALL"),
    );
    response
}

/// The page of a link from a mail: not indexed, not cached, and the secret in its address is
/// not sent on to other sites as a referrer.
fn private(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert("X-Robots-Tag", HeaderValue::from_static("noindex"));
    response
}

/// The page of another site the form was on, as the browser said (its
/// address without query), or this site's page of the form.
fn form_url(app: &App, headers: &HeaderMap, embed: bool) -> String {
    let ours = app.settings.base_url.origin();
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.origin() != ours)
        .map(|mut u| {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        })
        .filter(|u| u.len() <= 300);
    referer.unwrap_or_else(|| {
        app.settings.url(if embed {
            "/newsletter/embed"
        } else {
            "/newsletter"
        })
    })
}

/// The form, posted (from this site or another: no CSRF token, see the top of this file).
/// Whatever becomes of it, the answer is "check your mailbox", so that the page never tells
/// whether an address is known; only a malformed address (or no list ticked) shows the form
/// again, with what was typed.
pub async fn subscribe(
    State(app): State<App>,
    lang: Lang,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = SubscribeForm::read(&fields);
    let lang = form.lang.unwrap_or(lang);
    let public = app.db.read(lists::public).await?;
    let mut chosen = form.lists.clone();
    if chosen.is_empty() && !form.lists_shown {
        // A form without boxes (one list, or a snippet copied when there was one): the main
        // newsletter.
        chosen.extend(public.first().map(|l| l.id));
    }
    if !form.website.trim().is_empty() {
        tracing::info!("newsletter form: honeypot filled, nothing done");
        return sent_answer(&app, lang, &form).await;
    }
    let page = form_url(&app, &headers, form.embed);
    let (email, name) = (form.email.clone(), form.name.clone());
    let result = app::subscriptions::subscribe(&app, email, name, lang.code(), chosen, page).await;
    match result {
        Ok(_) => sent_answer(&app, lang, &form).await,
        Err(Error::Invalid(fields)) => {
            let errors = FormErrors(fields.into_iter().map(on_form_field).collect());
            let several = public.len() > 1;
            let lists = choices(&public, &form.lists);
            let response = if form.embed {
                frameable(render(&EmbedPage {
                    l: Layout::public(&app, lang, "/newsletter/embed", Vec::new()),
                    several,
                    lists,
                    form,
                    errors,
                    embed: true,
                    state: "form",
                }))
            } else {
                let sent = app.db.read(archive::list_public).await?;
                render(&FormPage {
                    l: public_layout(&app, lang, "/newsletter").await?,
                    several,
                    lists,
                    archive: archive_rows(&app, lang, &sent),
                    form,
                    errors,
                    embed: false,
                })
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, response).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

/// The record's name fields are one field on the form.
fn on_form_field(e: FieldError) -> FieldError {
    match e.field {
        "first_name" | "last_name" => FieldError {
            field: "name",
            code: e.code,
        },
        _ => e,
    }
}

async fn sent_answer(app: &App, lang: Lang, form: &SubscribeForm) -> Result<Response, PageError> {
    if form.embed {
        let page = EmbedPage {
            l: Layout::public(app, lang, "/newsletter/embed", Vec::new()),
            several: false,
            lists: Vec::new(),
            form: SubscribeForm::default(),
            errors: FormErrors::default(),
            embed: true,
            state: "sent",
        };
        return Ok(frameable(render(&page)));
    }
    let l = public_layout(app, lang, "/newsletter").await?;
    Ok(render(&SentPage { l }))
}

// ---------------------------------------------------------------------------------------------
// The confirmation link

/// A list on the confirmation page, with its unsubscribe link once confirmed.
pub struct ConfirmedList {
    pub name: String,
    pub unsubscribe: String,
}

#[derive(Template)]
#[template(path = "public/newsletter_confirm.html")]
struct ConfirmPage {
    l: Layout,
    /// `ask` (the button), `confirmed`, `already`, `expired` or `unknown`.
    state: &'static str,
    secret: String,
    lists: Vec<ConfirmedList>,
}

fn confirmed_lists(rows: &[OnList]) -> Vec<ConfirmedList> {
    rows.iter()
        .map(|r| ConfirmedList {
            name: r.list.name.clone(),
            unsubscribe: r.subscription.unsubscribe_path(),
        })
        .collect()
}

async fn confirm_answer(
    app: &App,
    lang: Lang,
    secret: String,
    result: Result<Confirmation, Error>,
) -> Result<Response, PageError> {
    let (state, status, lists) = match result {
        Ok(Confirmation::Pending(rows)) => ("ask", StatusCode::OK, confirmed_lists(&rows)),
        Ok(Confirmation::Confirmed(rows)) => ("confirmed", StatusCode::OK, confirmed_lists(&rows)),
        Ok(Confirmation::AlreadyConfirmed(_)) => ("already", StatusCode::OK, Vec::new()),
        Ok(Confirmation::Expired) => ("expired", StatusCode::GONE, Vec::new()),
        Err(Error::NotFound) => ("unknown", StatusCode::NOT_FOUND, Vec::new()),
        Err(e) => return Err(PageError(e)),
    };
    let page = ConfirmPage {
        l: public_layout(app, lang, "/newsletter").await?,
        state,
        secret,
        lists,
    };
    Ok(private(status, render(&page)))
}

/// The link from the confirmation mail: a page with one button. Nothing changes on GET: mail
/// scanners open links.
pub async fn confirm_page(
    State(app): State<App>,
    lang: Lang,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let key = secret.clone();
    let result = app.db.read(move |c| subscriptions::check(c, &key)).await;
    confirm_answer(&app, lang, secret, result).await
}

/// The button: confirms. The secret is the proof (no CSRF token, see the top of this file).
pub async fn confirm(
    State(app): State<App>,
    lang: Lang,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let result = app::subscriptions::confirm(&app, secret.clone()).await;
    confirm_answer(&app, lang, secret, result).await
}

// ---------------------------------------------------------------------------------------------
// The unsubscribe link

#[derive(Template)]
#[template(path = "public/newsletter_unsubscribe.html")]
struct UnsubscribePage {
    l: Layout,
    /// `ask` (the button), `done`, `already` or `unknown`.
    state: &'static str,
    token: String,
    /// `?c=...` to keep on the form's address, or "".
    query: String,
    list: String,
    email: String,
}

#[derive(Deserialize, Default)]
pub struct CampaignQuery {
    /// The campaign whose mail held the link; anything that is not a number is ignored.
    #[serde(default)]
    c: Option<String>,
}

impl CampaignQuery {
    fn campaign(&self) -> Option<i64> {
        self.c.as_deref().and_then(|c| c.trim().parse().ok())
    }
}

async fn unsubscribe_answer(
    app: &App,
    lang: Lang,
    token: String,
    campaign: Option<i64>,
    state: &'static str,
    list: String,
    email: String,
) -> Result<Response, PageError> {
    let status = if state == "unknown" {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let page = UnsubscribePage {
        l: public_layout(app, lang, "/newsletter").await?,
        state,
        token,
        query: campaign.map(|c| format!("?c={c}")).unwrap_or_default(),
        list,
        email,
    };
    Ok(private(status, render(&page)))
}

/// The visible link of every newsletter: a page with one button and the list it is about.
/// Nothing changes on GET.
pub async fn unsubscribe_page(
    State(app): State<App>,
    lang: Lang,
    Path(token): Path<String>,
    Query(q): Query<CampaignQuery>,
) -> Result<Response, PageError> {
    let key = token.clone();
    let found = app.db.read(move |c| subscriptions::by_token(c, &key)).await;
    let (state, list, email) = match found {
        Ok((row, contact)) => {
            let state = if row.subscription.status == SubscriptionStatus::Unsubscribed {
                "already"
            } else {
                "ask"
            };
            (state, row.list.name, contact.email.unwrap_or_default())
        }
        Err(Error::NotFound) => ("unknown", String::new(), String::new()),
        Err(e) => return Err(PageError(e)),
    };
    unsubscribe_answer(&app, lang, token, q.campaign(), state, list, email).await
}

/// Unsubscribes: the page's button, or a mail program's one-click POST (RFC 8058, body
/// `List-Unsubscribe=One-Click`). No login, no cookie, no CSRF token: the token in the address
/// is the proof, and the body is not needed.
pub async fn unsubscribe(
    State(app): State<App>,
    lang: Lang,
    Path(token): Path<String>,
    Query(q): Query<CampaignQuery>,
) -> Result<Response, PageError> {
    let campaign = q.campaign();
    let result = app::subscriptions::unsubscribe(&app, token.clone(), campaign).await;
    let (state, list) = match result {
        Ok(Unsubscribed::Done(row)) => ("done", row.list.name),
        Ok(Unsubscribed::AlreadyUnsubscribed(row)) => ("already", row.list.name),
        Err(Error::NotFound) => ("unknown", String::new()),
        Err(e) => return Err(PageError(e)),
    };
    unsubscribe_answer(&app, lang, token, campaign, state, list, String::new()).await
}
