//! Contacts: adding and editing a person with their custom fields, consents, the linked login
//! account, tags, and merging two records. None of these records an effect; they go through
//! `write` so that every change has one transaction and one place.

use std::collections::BTreeMap;

use crate::App;
use crate::accounts::users;
use crate::db::DbConn;
use crate::error::{Error, FieldError, Result};
use crate::members::{
    consents,
    contacts::{self, Contact, ContactInput, Source},
    duplicates, fields, tags,
};

/// The custom fields' values as a face received them.
pub enum CustomValues {
    /// Every pair a dashboard form posted: the fields' inputs are picked by their name
    /// (`field_<key>`), other names are ignored.
    Posted(Vec<(String, String)>),
    /// The API's values by the field's key: an unknown key is a mistake.
    ByKey(BTreeMap<String, String>),
}

/// A person's details as a face read them: the domain's input, and the mistakes already found
/// while reading (a date that is not one), shown together with the others.
pub struct Details {
    pub input: ContactInput,
    pub read_errors: Vec<FieldError>,
    pub custom: CustomValues,
}

/// Adds a person with their custom fields, all or nothing.
pub async fn create(app: &App, details: Details, source: Source, by: i64) -> Result<Contact> {
    super::write(app, move |c| {
        let (input, custom) = check(c, &details)?;
        let contact = contacts::create(c, &input, source, Some(by))?;
        fields::set_values(c, contact.id, &custom)?;
        Ok(contact)
    })
    .await
}

/// Replaces a person's details and sets the custom fields given (the others are kept).
/// An anonymized record cannot be edited.
pub async fn update(app: &App, id: i64, details: Details, by: i64) -> Result<()> {
    super::write(app, move |c| {
        contacts::editable(c, id)?;
        let (input, custom) = check(c, &details)?;
        contacts::update(c, id, &input, Some(by))?;
        fields::set_values(c, id, &custom)
    })
    .await
}

/// Checks the details and the custom fields together, so that every mistake is shown at once.
/// A form shows one mistake per input; the API lists them all.
fn check(c: &mut DbConn, details: &Details) -> Result<(ContactInput, Vec<(i64, String)>)> {
    let (custom, one_per_field) = match &details.custom {
        CustomValues::Posted(pairs) => (fields::posted_values(pairs, &fields::all(c)?), true),
        CustomValues::ByKey(given) => (by_key(c, given)?, false),
    };
    let mut errors = details.read_errors.clone();
    for e in [
        details.input.check().err(),
        fields::check_values(c, &custom).err(),
    ]
    .into_iter()
    .flatten()
    {
        match e {
            Error::Invalid(more) if one_per_field => {
                for f in more {
                    if !errors.iter().any(|g| g.field == f.field) {
                        errors.push(f);
                    }
                }
            }
            Error::Invalid(more) => errors.extend(more),
            other => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok((details.input.clone(), custom))
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The custom values by field id; an unknown key is a field error.
fn by_key(c: &mut DbConn, given: &BTreeMap<String, String>) -> Result<Vec<(i64, String)>> {
    let defs = fields::all(c)?;
    let mut out = Vec::new();
    for (key, value) in given {
        match defs.iter().find(|f| f.key == *key) {
            Some(f) => out.push((f.id, value.clone())),
            None => return Err(Error::invalid("fields", "contact_field_unknown")),
        }
    }
    Ok(out)
}

/// Records a consent given or withdrawn, with how it was given (a paper form, a phone call).
/// An anonymized record refuses it before the answer is checked.
pub async fn record_consent(
    app: &App,
    id: i64,
    answer: consents::ConsentAnswer,
    by: i64,
) -> Result<()> {
    super::write(app, move |c| {
        contacts::editable(c, id)?;
        let (kind, given, source) = answer.check()?;
        consents::record(c, id, kind, given, &source, Some(by))
    })
    .await
}

/// Links a login account to the person, or unlinks it (`None`). `Some(0)` stands for a choice
/// that was not a number: an unknown account.
pub async fn link_account(app: &App, id: i64, user_id: Option<i64>, by: i64) -> Result<()> {
    super::write(app, move |c| {
        contacts::editable(c, id)?;
        if let Some(u) = user_id
            && users::find(c, u).is_err()
        {
            return Err(Error::invalid("user_id", "contact_account_unknown"));
        }
        contacts::link_user(c, id, user_id, Some(by))
    })
    .await
}

pub async fn add_tag(app: &App, id: i64, tag_id: i64) -> Result<()> {
    super::write(app, move |c| tags::add(c, id, tag_id)).await
}

pub async fn remove_tag(app: &App, id: i64, tag_id: i64) -> Result<()> {
    super::write(app, move |c| tags::remove(c, id, tag_id)).await
}

/// Gives one tag to every contact named; answers how many got it.
pub async fn tag_many(app: &App, tag_id: i64, ids: Vec<i64>) -> Result<usize> {
    super::write(app, move |c| tags::add_to_many(c, tag_id, &ids)).await
}

/// Gives a contact exactly these tags and groups.
pub async fn set_tags(app: &App, id: i64, tag_ids: Vec<i64>) -> Result<()> {
    super::write(app, move |c| tags::set_for(c, id, &tag_ids)).await
}

/// Merges `other_id` into `kept_id` in one transaction, then removes `other_id`.
pub async fn merge(app: &App, kept_id: i64, other_id: i64, by: i64) -> Result<Contact> {
    super::write(app, move |c| {
        duplicates::merge(c, kept_id, other_id, Some(by))
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Definitions: tags and groups, custom fields

/// Makes a tag or a group (`id` `None`), or renames and redescribes one.
pub async fn save_tag(app: &App, id: Option<i64>, input: tags::TagInput) -> Result<tags::Tag> {
    super::write(app, move |c| match id {
        Some(id) => tags::update(c, id, &input),
        None => tags::create(c, &input),
    })
    .await
}

pub async fn delete_tag(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| tags::delete(c, id)).await
}

/// Defines a custom field (`id` `None`), or changes one.
pub async fn save_field(
    app: &App,
    id: Option<i64>,
    input: fields::FieldInput,
) -> Result<fields::Field> {
    super::write(app, move |c| match id {
        Some(id) => fields::update(c, id, &input),
        None => fields::create(c, &input),
    })
    .await
}

pub async fn delete_field(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| fields::delete(c, id)).await
}

// ---------------------------------------------------------------------------------------------
// One's own record (the dashboard's "My record")

/// Saves one's own details. The address and the notes are not one's to change here: they stay
/// as the record holds them, whatever `input` says. `read_errors` are the mistakes found
/// while reading the form, shown with the domain's.
pub async fn save_own_details(
    app: &App,
    user_id: i64,
    mut input: ContactInput,
    read_errors: Vec<FieldError>,
) -> Result<Contact> {
    super::write(app, move |c| {
        let contact = contacts::find_by_user(c, user_id)?.ok_or(Error::NotFound)?;
        input.email = contact.email.clone().unwrap_or_default();
        input.notes = contact.notes.clone();
        if !read_errors.is_empty() {
            // Every mistake at once: the domain's too.
            let mut all = read_errors;
            if let Err(Error::Invalid(more)) = input.check() {
                all.extend(more.into_iter().filter(|f| f.field != "birth_date"));
            }
            return Err(Error::Invalid(all));
        }
        contacts::update(c, contact.id, &input, Some(user_id))
    })
    .await
}

/// Sets one's own consents; only changes are written, so that the log says when each choice
/// was made. `source` is how the log names the page.
pub async fn save_own_consents(
    app: &App,
    user_id: i64,
    wanted: Vec<(consents::ConsentKind, bool)>,
    source: &'static str,
) -> Result<()> {
    super::write(app, move |c| {
        let contact = contacts::find_by_user(c, user_id)?.ok_or(Error::NotFound)?;
        if contact.anonymized_at.is_some() {
            return Err(Error::conflict("error_record_anonymized"));
        }
        for (kind, wanted) in wanted {
            if consents::holds(c, contact.id, kind)? != wanted {
                consents::record(c, contact.id, kind, wanted, source, Some(user_id))?;
            }
        }
        Ok(())
    })
    .await
}

/// Links the account to its record: already linked, or the one with its address (if no other
/// account holds it), or a new one made from the account's name and address in `lang`.
pub async fn link_own_record(app: &App, user: users::User, lang: &'static str) -> Result<Contact> {
    super::write(app, move |c| {
        if let Some(contact) = contacts::find_by_user(c, user.id)? {
            return Ok(contact);
        }
        let contact = match contacts::find_by_email(c, &user.email)? {
            Some(existing) if existing.user_id.is_some() => {
                return Err(Error::conflict("error_record_other_account"));
            }
            Some(existing) => existing,
            None => {
                let name = user.display_name.trim();
                let (first, last) = name.split_once(' ').unwrap_or((name, ""));
                let input = ContactInput {
                    first_name: first.trim().to_string(),
                    last_name: last.trim().to_string(),
                    email: user.email.clone(),
                    lang: lang.to_string(),
                    ..ContactInput::default()
                };
                contacts::create(c, &input, contacts::Source::Dashboard, Some(user.id))?
            }
        };
        contacts::link_user(c, contact.id, Some(user.id), Some(user.id))?;
        contacts::find(c, contact.id)
    })
    .await
}
