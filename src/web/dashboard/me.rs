//! A member's own page: their record, their memberships and history, and what they may correct.
//!
//! Every handler finds the record through the signed-in account (`contacts::find_by_user`):
//! no address here names a record, so nobody can reach another person's.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::members::{
    memberships::{LineRow, line_rows, status_class, status_text},
    parse_day,
};
use crate::accounts::Capability;
use crate::error::{Error, FieldError};
use crate::events::of_person;
use crate::members::{
    consents,
    contacts::{self, Contact, ContactInput},
    history, memberships, period,
};
use crate::web::{
    csrf::CheckedForm,
    dashboard::dash_layout,
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
};
use crate::{App, app};

/// How consents given on this page are recorded.
pub const CONSENT_SOURCE: &str = "own page";

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/me", get(show).post(save_details))
        .route("/dashboard/me/create", post(create_record))
        .route("/dashboard/me/consents", post(save_consents))
}

/// What a member may correct of their own record.
#[derive(Deserialize, Default, Clone)]
pub struct MeForm {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub lang: String,
}

impl MeForm {
    fn of(c: &Contact) -> MeForm {
        MeForm {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            phone: c.phone.clone(),
            address: c.address.clone(),
            postal_code: c.postal_code.clone(),
            city: c.city.clone(),
            country: c.country.clone(),
            birth_date: c
                .birth_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            lang: c.lang.clone(),
        }
    }

    /// The whole record with this form's changes: the address and the association's notes
    /// stay as they are.
    /// The address and the notes are left empty: the use case keeps the record's.
    fn input(&self) -> (ContactInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let birth_date = match self.birth_date.trim() {
            "" => None,
            text => {
                let day = parse_day(text);
                if day.is_none() {
                    errors.push(FieldError {
                        field: "birth_date",
                        code: "birth_date_invalid",
                    });
                }
                day
            }
        };
        let input = ContactInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: String::new(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            birth_date,
            notes: String::new(),
            lang: self.lang.trim().to_string(),
        };
        (input, errors)
    }
}

pub struct RegistrationRow {
    pub event: String,
    pub slug: String,
    pub when: String,
    pub status: String,
}

pub struct LogRow {
    pub when: String,
    pub what: &'static str,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "dashboard/me.html")]
struct MePage {
    l: Layout,
    /// None: no record is linked to the account yet.
    record: Option<Record>,
    f: MeForm,
    errors: FormErrors,
    notice: Option<&'static str>,
    problem: Option<&'static str>,
}

struct Record {
    email: String,
    status: String,
    status_class: &'static str,
    memberships: Vec<LineRow>,
    newsletter: bool,
    photos: bool,
    registrations: Vec<RegistrationRow>,
    log: Vec<LogRow>,
    erased: bool,
}

#[derive(Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

pub async fn show(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let mut page = me_page(&app, lang, &me, None, FormErrors::default()).await?;
    page.notice = match q.done.as_deref() {
        Some("saved") => Some("saved"),
        Some("created") => Some("member_me_created"),
        _ => None,
    };
    Ok(render(&page))
}

async fn me_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    typed: Option<MeForm>,
    errors: FormErrors,
) -> Result<MePage, Error> {
    let user_id = me.user.id;
    let today = app.today();
    let tz = app.settings.timezone;
    let found = app
        .db
        .read(move |c| {
            let Some(contact) = contacts::find_by_user(c, user_id)? else {
                return Ok::<_, Error>(None);
            };
            let settings = period::load(c)?;
            let status = memberships::status(c, contact.id, today, &settings)?;
            let lines = memberships::history_of(c, contact.id)?;
            let newsletter = consents::holds(c, contact.id, consents::ConsentKind::Newsletter)?;
            let photos = consents::holds(c, contact.id, consents::ConsentKind::Photos)?;
            let registrations = match &contact.email_key {
                Some(key) => of_person::registrations_of(c, key)?,
                None => Vec::new(),
            };
            let log = history::list(c, contact.id)?;
            Ok(Some((
                contact,
                status,
                lines,
                newsletter,
                photos,
                registrations,
                log,
            )))
        })
        .await?;
    let l = dash_layout(app, lang, "/dashboard/me", me).await?;
    let Some((contact, status, lines, newsletter, photos, registrations, log)) = found else {
        return Ok(MePage {
            l,
            record: None,
            f: MeForm::default(),
            errors,
            notice: None,
            problem: None,
        });
    };
    let record = Record {
        email: contact.email.clone().unwrap_or_default(),
        status: status_text(lang, status),
        status_class: status_class(status),
        memberships: line_rows(lang, &lines),
        newsletter,
        photos,
        registrations: registrations
            .into_iter()
            .map(|r| RegistrationRow {
                event: r.title,
                slug: r.slug,
                when: when(lang, tz, &r.starts_at),
                status: lang.t(&format!("reg_{}", r.status)).to_string(),
            })
            .collect(),
        log: log
            .into_iter()
            .map(|e| LogRow {
                when: when(lang, tz, &e.at),
                what: log_key(e.action),
                detail: if e.action == history::Action::Membership
                    || e.action == history::Action::Consent
                {
                    e.detail
                } else {
                    String::new()
                },
            })
            .collect(),
        erased: contact.anonymized_at.is_some(),
    };
    Ok(MePage {
        l,
        f: typed.unwrap_or_else(|| MeForm::of(&contact)),
        record: Some(record),
        errors,
        notice: None,
        problem: None,
    })
}

fn log_key(action: history::Action) -> &'static str {
    match action {
        history::Action::Created => "member_log_created",
        history::Action::Edited => "member_log_edited",
        history::Action::Merged => "member_log_merged",
        history::Action::AccountLinked => "member_log_account_linked",
        history::Action::Consent => "member_log_consent",
        history::Action::Membership => "member_log_membership",
        history::Action::Subscribed => "member_log_subscribed",
        history::Action::Unsubscribed => "member_log_unsubscribed",
        history::Action::Bounced => "member_log_bounced",
        history::Action::Reminded => "member_log_reminded",
        history::Action::Imported => "member_log_imported",
        history::Action::Exported => "member_log_exported",
        history::Action::Anonymized => "member_log_anonymized",
    }
}

pub async fn save_details(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<MeForm>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let user_id = me.user.id;
    let (input, read_errors) = form.input();
    let saved = app::contacts::save_own_details(&app, user_id, input, read_errors).await;
    match saved {
        Ok(_) => Ok(Redirect::to("/dashboard/me?done=saved").into_response()),
        Err(e @ Error::Invalid(_)) => {
            let errors = FormErrors::from_error(e)?;
            let page = me_page(&app, lang, &me, Some(form), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ConsentsForm {
    pub newsletter: Option<String>,
    pub photos: Option<String>,
}

pub async fn save_consents(
    State(app): State<App>,
    me: SignedIn,
    CheckedForm(form): CheckedForm<ConsentsForm>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let user_id = me.user.id;
    let wanted = vec![
        (consents::ConsentKind::Newsletter, form.newsletter.is_some()),
        (consents::ConsentKind::Photos, form.photos.is_some()),
    ];
    app::contacts::save_own_consents(&app, user_id, wanted, CONSENT_SOURCE).await?;
    Ok(Redirect::to("/dashboard/me?done=saved").into_response())
}

#[derive(Deserialize)]
pub struct Empty {}

/// Links the account to the record of its address, or makes one from the account.
pub async fn create_record(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::UseDashboard)?;
    let user = me.user.clone();
    let made = app::contacts::link_own_record(&app, user, lang.code()).await;
    match made {
        Ok(_) => Ok(Redirect::to("/dashboard/me?done=created").into_response()),
        Err(Error::Conflict(_)) => {
            let mut page = me_page(&app, lang, &me, None, FormErrors::default()).await?;
            page.problem = Some("member_me_taken");
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
