//! Contacts in the dashboard: the list with search and filters, a contact's page, custom fields, tags and groups, duplicates and merging.
//!
//! Everything here asks for `ManageMembers` (admins and treasurers), except the definitions of
//! custom fields, which ask for `Administer`.

mod duplicates;
mod field_defs;
mod list;
mod person;
mod tag_admin;

use axum::{
    Router,
    routing::{get, post},
};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::App;
use crate::error::FieldError;
use crate::i18n::Lang;
use crate::members::fields::FieldKind;
use crate::members::{
    contacts::{Contact, ContactInput},
    fields::Field,
};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dashboard/contacts", get(list::list))
        .route("/dashboard/contacts/bulk-tag", post(list::bulk_tag))
        .route(
            "/dashboard/contacts/new",
            get(list::new_form).post(list::create),
        )
        .route(
            "/dashboard/contacts/fields",
            get(field_defs::list).post(field_defs::create),
        )
        .route(
            "/dashboard/contacts/fields/{id}",
            get(field_defs::edit_form).post(field_defs::update),
        )
        .route(
            "/dashboard/contacts/fields/{id}/delete",
            post(field_defs::delete),
        )
        .route(
            "/dashboard/contacts/tags",
            get(tag_admin::list).post(tag_admin::create),
        )
        .route(
            "/dashboard/contacts/tags/{id}",
            get(tag_admin::edit_form).post(tag_admin::update),
        )
        .route(
            "/dashboard/contacts/tags/{id}/delete",
            post(tag_admin::delete),
        )
        .route("/dashboard/contacts/duplicates", get(duplicates::list))
        .route(
            "/dashboard/contacts/{id}/merge/{other}",
            get(duplicates::merge_form).post(duplicates::merge),
        )
        .route(
            "/dashboard/contacts/{id}",
            get(person::show).post(person::update),
        )
        .route("/dashboard/contacts/{id}/tags", post(person::add_tag))
        .route(
            "/dashboard/contacts/{id}/tags/{tag}/remove",
            post(person::remove_tag),
        )
        .route("/dashboard/contacts/{id}/consents", post(person::consent))
        .route(
            "/dashboard/contacts/{id}/account",
            post(person::link_account),
        )
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

/// A person's details as typed, kept as text so that a mistake shows them again unchanged.
#[derive(Debug, Clone, Default)]
pub struct DetailsForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub birth_date: String,
    pub notes: String,
    pub lang: String,
}

impl DetailsForm {
    /// Reads the posted fields (the custom fields are read apart, see `custom_values`).
    fn from_pairs(pairs: &[(String, String)]) -> DetailsForm {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        DetailsForm {
            first_name: get("first_name"),
            last_name: get("last_name"),
            email: get("email"),
            phone: get("phone"),
            address: get("address"),
            postal_code: get("postal_code"),
            city: get("city"),
            country: get("country"),
            birth_date: get("birth_date"),
            notes: get("notes"),
            lang: get("lang"),
        }
    }

    fn from_contact(c: &Contact) -> DetailsForm {
        DetailsForm {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            email: c.email.clone().unwrap_or_default(),
            phone: c.phone.clone(),
            address: c.address.clone(),
            postal_code: c.postal_code.clone(),
            city: c.city.clone(),
            country: c.country.clone(),
            birth_date: c
                .birth_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            notes: c.notes.clone(),
            lang: c.lang.clone(),
        }
    }

    /// The domain's input, and the mistakes found while reading (a date that is not one).
    fn input(&self) -> (ContactInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let birth_date = match self.birth_date.trim() {
            "" => None,
            text => {
                let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
                    .ok();
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
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            birth_date,
            notes: self.notes.clone(),
            lang: self.lang.trim().to_string(),
        };
        (input, errors)
    }
}

/// The values posted for the custom fields that the form showed (`field_<key>`).
fn custom_values(pairs: &[(String, String)], defs: &[Field]) -> Vec<(i64, String)> {
    crate::members::fields::posted_values(pairs, defs)
}

/// What the use cases need from a details form: the input, the mistakes found reading it, and
/// every pair posted (the custom fields are picked from them in the transaction).
fn details(form: &DetailsForm, pairs: Vec<(String, String)>) -> crate::app::contacts::Details {
    let (input, read_errors) = form.input();
    crate::app::contacts::Details {
        input,
        read_errors,
        custom: crate::app::contacts::CustomValues::Posted(pairs),
    }
}

/// One custom field's input on a form.
pub struct CustomInput {
    pub name: &'static str,
    pub label: String,
    /// `text`, `date`, or `select` for a choice.
    pub input_type: &'static str,
    pub inputmode: &'static str,
    pub value: String,
    pub choices: Vec<String>,
    pub error: &'static str,
}

/// The custom fields' inputs, with the values given (by field id) and the mistakes.
fn custom_inputs(
    defs: &[Field],
    values: &[(i64, String)],
    errors: &crate::web::pages::FormErrors,
    lang: Lang,
) -> Vec<CustomInput> {
    defs.iter()
        .map(|f| {
            let value = values
                .iter()
                .find(|(id, _)| *id == f.id)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let mut choices: Vec<String> = f.choice_list().iter().map(|c| c.to_string()).collect();
            // A value kept from before the choices changed is still offered, not lost.
            if f.kind == FieldKind::Choice && !value.is_empty() && !choices.contains(&value) {
                choices.push(value.clone());
            }
            let (input_type, inputmode) = match f.kind {
                FieldKind::Date => ("date", "text"),
                FieldKind::Choice => ("select", "text"),
                FieldKind::Number => ("text", "decimal"),
                FieldKind::Text => ("text", "text"),
            };
            CustomInput {
                name: f.input_name(),
                label: f.label.clone(),
                input_type,
                inputmode,
                value,
                choices,
                error: errors.get(f.input_name(), &lang),
            }
        })
        .collect()
}

/// "First Last", or the address, or "(no name)".
fn name_of(c: &Contact, lang: Lang) -> String {
    let name = c.display_name();
    if name.is_empty() {
        lang.t("contact_no_name").to_string()
    } else {
        name
    }
}

/// A newsletter subscription's status in words.
fn subscription_words(lang: Lang, status: &str) -> &'static str {
    match status {
        "pending" => lang.t("contact_sub_pending"),
        "confirmed" => lang.t("contact_sub_confirmed"),
        _ => lang.t("contact_sub_unsubscribed"),
    }
}
