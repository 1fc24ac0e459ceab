//! A person's memberships: their status and history, and the form to add one; editing and
//! deleting one. For a family membership, the form finds the other people it covers by name
//! or address (a "Find" button: no JavaScript needed).

use crate::i18n::{Lang, msg};
use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::categories::price;
use super::{cents_text, day_text, money, parse_cents, parse_day};
use crate::accounts::Capability;
use crate::db::TextEnum;
use crate::error::{Error, FieldError};
use crate::members::{
    categories::{self, Category},
    contacts::{self, Contact},
    memberships::{self, Line, Membership, MembershipInput, PaymentMethod, Source, Status},
    period,
};
use crate::web::{
    csrf::CheckedForm,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

/// How many people the "Find" button proposes at most.
const FOUND_MAX: i64 = 15;

/// The membership form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct MembershipForm {
    #[serde(default)]
    pub category_id: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub paid_on: String,
    #[serde(default)]
    pub payment_method: String,
    #[serde(default)]
    pub receipt_number: String,
    #[serde(default)]
    pub notes: String,
    /// A name or an address, to find the people a family membership covers.
    #[serde(default)]
    pub find: String,
    /// `find`: look for people instead of saving.
    #[serde(default)]
    pub op: String,
    /// `person_<id>=on` for each person covered; and the CSRF token.
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

impl MembershipForm {
    fn blank(today: chrono::NaiveDate, categories: &[Category]) -> MembershipForm {
        MembershipForm {
            category_id: categories
                .iter()
                .find(|c| c.active)
                .map(|c| c.id.to_string())
                .unwrap_or_default(),
            paid_on: today.format("%Y-%m-%d").to_string(),
            ..MembershipForm::default()
        }
    }

    fn of(lang: Lang, m: &Membership, people: &[Contact]) -> MembershipForm {
        MembershipForm {
            category_id: m.category_id.to_string(),
            amount: cents_text(lang, m.amount_cents),
            paid_on: m
                .paid_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            payment_method: m.payment_method.as_str().into(),
            receipt_number: m.receipt_number.clone().unwrap_or_default(),
            notes: m.notes.clone(),
            rest: people
                .iter()
                .map(|p| (format!("person_{}", p.id), "on".to_string()))
                .collect(),
            ..MembershipForm::default()
        }
    }

    /// The people ticked in the form.
    fn people(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .rest
            .iter()
            .filter(|(_, v)| v.as_str() == "on")
            .filter_map(|(k, _)| k.strip_prefix("person_")?.parse().ok())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The domain's input, and what could not be read (an amount, a date).
    fn input(&self) -> (MembershipInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let amount_cents = match parse_cents(&self.amount) {
            Ok(cents) => cents,
            Err(_) => {
                errors.push(FieldError {
                    field: "amount",
                    code: "membership_amount_invalid",
                });
                None
            }
        };
        let paid_on = match self.paid_on.trim() {
            "" => None,
            text => {
                let day = parse_day(text);
                if day.is_none() {
                    errors.push(FieldError {
                        field: "paid_on",
                        code: "membership_paid_on_invalid",
                    });
                }
                day
            }
        };
        let input = MembershipInput {
            category_id: self.category_id.trim().parse().unwrap_or(0),
            amount_cents,
            paid_on,
            payment_method: self.payment_method.trim().to_string(),
            receipt_number: self.receipt_number.clone(),
            notes: self.notes.clone(),
            people: self.people(),
        };
        (input, errors)
    }
}

/// One person the form offers to cover.
pub struct PersonChoice {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

/// What the form offers.
pub struct Choices {
    pub categories: Vec<(String, String)>,
    pub methods: Vec<(&'static str, &'static str)>,
    pub people: Vec<PersonChoice>,
    /// "Find" was pressed and found nobody new.
    pub found_nobody: bool,
}

/// One line of the history table.
pub struct LineRow {
    pub id: i64,
    pub period: String,
    pub category: String,
    pub amount: String,
    pub paid: String,
    pub receipt: String,
    pub covered_by: Option<(i64, String)>,
    pub people: String,
    pub notes: String,
}

pub fn line_rows(lang: Lang, lines: &[Line]) -> Vec<LineRow> {
    lines
        .iter()
        .map(|line| {
            let m = &line.membership;
            let paid = match m.paid_on {
                Some(day) => format!(
                    "{} · {}",
                    day_text(lang, day),
                    lang.t(method_key(m.payment_method))
                ),
                None => lang.t(method_key(m.payment_method)).to_string(),
            };
            LineRow {
                id: m.id,
                period: format!(
                    "{} → {}",
                    day_text(lang, m.starts_on),
                    day_text(lang, m.ends_on)
                ),
                category: line.category.clone(),
                amount: money(lang, m.amount_cents),
                paid,
                receipt: m.receipt_number.clone().unwrap_or_default(),
                covered_by: line.covered_by.as_ref().map(|p| (p.id, p.name.clone())),
                people: line
                    .people
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                notes: m.notes.clone(),
            }
        })
        .collect()
}

pub fn method_key(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cash => msg("membership_method_cash"),
        PaymentMethod::Cheque => msg("membership_method_cheque"),
        PaymentMethod::Transfer => msg("membership_method_transfer"),
        PaymentMethod::Card => msg("membership_method_card"),
        PaymentMethod::Helloasso => msg("membership_method_helloasso"),
        PaymentMethod::Other => msg("membership_method_other"),
    }
}

/// "Member until 31/08/2027", "Lapsed: ended on 31/08/2026", "Never a member".
pub fn status_text(lang: Lang, status: Status) -> String {
    match status.date() {
        Some(day) => lang.t_with(status.key(), "date", &day_text(lang, day)),
        None => lang.t(status.key()).to_string(),
    }
}

/// The status as a class name, for its colour.
pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Current { .. } => "current",
        Status::ToRenew { .. } => "renew",
        Status::Lapsed { .. } => "lapsed",
        Status::Never => "never",
    }
}

// ---------------------------------------------------------------------------------------------
// A person's memberships, and adding one

#[derive(Template)]
#[template(path = "dashboard/members_memberships.html")]
struct ContactPage {
    l: Layout,
    contact_id: i64,
    name: String,
    status: String,
    status_class: &'static str,
    lines: Vec<LineRow>,
    f: MembershipForm,
    errors: FormErrors,
    c: Choices,
    notice: Option<&'static str>,
    erased: bool,
}

#[derive(Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

pub async fn contact_page(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let categories = app.db.read(categories::all).await?;
    let f = MembershipForm::blank(app.today(), &categories);
    let mut page = contact_page_with(&app, lang, &me, id, f, FormErrors::default(), None).await?;
    page.notice = match q.done.as_deref() {
        Some("saved") => Some("saved"),
        Some("deleted") => Some("membership_deleted"),
        _ => None,
    };
    Ok(render(&page))
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<MembershipForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    if form.op == "find" {
        let page =
            contact_page_with(&app, lang, &me, id, form, FormErrors::default(), None).await?;
        return Ok(render(&page));
    }
    let (input, read_errors) = form.input();
    let by = me.user.id;
    let saved = if read_errors.is_empty() {
        app::memberships::create(&app, id, input, Source::Dashboard, by)
            .await
            .map(|_| ())
    } else {
        Err(app::memberships::create_verdict(&app, id, input, Source::Dashboard, by).await)
    };
    match saved {
        Ok(()) => Ok(
            Redirect::to(&format!("/dashboard/contacts/{id}/memberships?done=saved"))
                .into_response(),
        ),
        Err(e) => {
            let errors = super::categories::merge(read_errors, e)?;
            let page = contact_page_with(&app, lang, &me, id, form, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

async fn contact_page_with(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    f: MembershipForm,
    errors: FormErrors,
    kept_category: Option<i64>,
) -> Result<ContactPage, Error> {
    let today = app.today();
    let (contact, status, lines) = app
        .db
        .read(move |c| {
            let contact = contacts::find(c, id)?;
            let settings = period::load(c)?;
            let status = memberships::status(c, id, today, &settings)?;
            let lines = memberships::history_of(c, id)?;
            Ok::<_, Error>((contact, status, lines))
        })
        .await?;
    let c = choices(app, lang, id, &f, kept_category).await?;
    let path = format!("/dashboard/contacts/{id}/memberships");
    let l = super::super::dash_layout(app, lang, &path, me).await?;
    Ok(ContactPage {
        l,
        contact_id: id,
        name: contact.display_name(),
        status: status_text(lang, status),
        status_class: status_class(status),
        lines: line_rows(lang, &lines),
        f,
        errors,
        c,
        notice: None,
        erased: contact.anonymized_at.is_some(),
    })
}

/// The form's choices: categories offered (and the one an edited membership has), payment
/// methods, and the people to tick: those ticked, then those the "Find" button found.
async fn choices(
    app: &App,
    lang: Lang,
    payer: i64,
    f: &MembershipForm,
    kept_category: Option<i64>,
) -> Result<Choices, Error> {
    let ticked = f.people();
    let find = (f.op == "find").then(|| f.find.clone());
    let (all, ticked_people, found) = app
        .db
        .read(move |c| {
            let all = categories::all(c)?;
            let mut ticked_people = Vec::new();
            for id in &ticked {
                if let Ok(p) = contacts::find(c, *id) {
                    ticked_people.push(p);
                }
            }
            let found = match &find {
                Some(text) => memberships::find_people(c, text, payer, FOUND_MAX)?,
                None => Vec::new(),
            };
            Ok::<_, Error>((all, ticked_people, found))
        })
        .await?;
    let categories = all
        .iter()
        .filter(|c| c.active || Some(c.id) == kept_category)
        .map(|c| {
            (
                c.id.to_string(),
                format!(
                    "{} ({}, {})",
                    c.name,
                    lang.t(super::categories::kind_key(c.kind)),
                    price(lang, c)
                ),
            )
        })
        .collect();
    let mut people: Vec<PersonChoice> = ticked_people
        .iter()
        .map(|p| PersonChoice {
            id: p.id,
            name: person_label(p),
            checked: true,
        })
        .collect();
    let mut found_new = 0;
    for p in &found {
        if !people.iter().any(|q| q.id == p.id) {
            found_new += 1;
            people.push(PersonChoice {
                id: p.id,
                name: person_label(p),
                checked: false,
            });
        }
    }
    Ok(Choices {
        categories,
        methods: PaymentMethod::ALL
            .iter()
            .map(|m| (m.as_str(), lang.t(method_key(*m))))
            .collect(),
        people,
        found_nobody: f.op == "find" && found_new == 0,
    })
}

/// "Léa Martin (lea@example.org)": a name and what tells two namesakes apart.
fn person_label(p: &Contact) -> String {
    match (&p.email, p.display_name()) {
        (Some(email), name) if name != *email => format!("{name} ({email})"),
        (_, name) => format!("{name} (#{})", p.id),
    }
}

// ---------------------------------------------------------------------------------------------
// Editing and deleting one

#[derive(Template)]
#[template(path = "dashboard/members_membership_form.html")]
struct EditPage {
    l: Layout,
    id: i64,
    contact_id: i64,
    name: String,
    period: String,
    f: MembershipForm,
    errors: FormErrors,
    c: Choices,
}

async fn edit_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    f: Option<MembershipForm>,
    errors: FormErrors,
) -> Result<EditPage, Error> {
    let (membership, contact, people) = app
        .db
        .read(move |c| {
            let m = memberships::find(c, id)?;
            let contact = contacts::find(c, m.contact_id)?;
            let people = memberships::people(c, id)?;
            Ok::<_, Error>((m, contact, people))
        })
        .await?;
    let f = f.unwrap_or_else(|| MembershipForm::of(lang, &membership, &people));
    let c = choices(app, lang, contact.id, &f, Some(membership.category_id)).await?;
    let path = format!("/dashboard/memberships/{id}");
    let l = super::super::dash_layout(app, lang, &path, me).await?;
    Ok(EditPage {
        l,
        id,
        contact_id: contact.id,
        name: contact.display_name(),
        period: format!(
            "{} → {}",
            day_text(lang, membership.starts_on),
            day_text(lang, membership.ends_on)
        ),
        f,
        errors,
        c,
    })
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let page = edit_page(&app, lang, &me, id, None, FormErrors::default()).await?;
    Ok(render(&page))
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<MembershipForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    if form.op == "find" {
        let page = edit_page(&app, lang, &me, id, Some(form), FormErrors::default()).await?;
        return Ok(render(&page));
    }
    let (input, read_errors) = form.input();
    let by = me.user.id;
    let saved = if read_errors.is_empty() {
        app::memberships::update(&app, id, input, by).await
    } else {
        Err(app::memberships::update_verdict(&app, id, input, by).await)
    };
    match saved {
        Ok(m) => Ok(Redirect::to(&format!(
            "/dashboard/contacts/{}/memberships?done=saved",
            m.contact_id
        ))
        .into_response()),
        Err(e) => {
            let errors = super::categories::merge(read_errors, e)?;
            let page = edit_page(&app, lang, &me, id, Some(form), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let by = me.user.id;
    let contact_id = app::memberships::delete(&app, id, by).await?;
    Ok(Redirect::to(&format!(
        "/dashboard/contacts/{contact_id}/memberships?done=deleted"
    ))
    .into_response())
}
