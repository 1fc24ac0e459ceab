//! Contacts through the real router and database, on SQLite and PostgreSQL: the list with its
//! search, filters and pages; a contact's page (details, custom fields, tags, consents,
//! subscriptions, history, login account); custom field definitions; tags and groups with the
//! bulk tag; duplicates and merging; the API and its OpenAPI paths; and the role checks.

use cheminement::accounts::Role;
use cheminement::db::schema;
use cheminement::i18n::Lang;
use cheminement::members::{
    consents,
    contacts::{self, ContactInput},
    duplicates, fields, history, tags,
};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::contacts::*;
use crate::common::*;

mod fields_and_tags;
mod list;
mod merging;
mod page;
mod roles_and_api;

fn fr(key: &str) -> String {
    escaped(Lang::Fr.t(key))
}

fn location(answer: &reqwest::Response) -> String {
    answer
        .headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

/// The ids of the contacts a list page links to, in order.
fn listed_ids(html: &str) -> Vec<i64> {
    html.split("name=\"ids\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect()
}

fn tag_input(name: &str, kind: &str) -> tags::TagInput {
    tags::TagInput {
        name: name.into(),
        kind: kind.into(),
        description: String::new(),
    }
}
