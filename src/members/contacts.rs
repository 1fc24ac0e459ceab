//! Contacts: one record per person, whatever brought them (the dashboard, an import, the
//! newsletter form, HelloAsso). Members, subscribers and donors are contacts.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{history, names};
use crate::db::{DbConn, TextEnum, now, schema::contacts};
use crate::error::{Error, FieldError, Result};

/// Where a record came from (`contacts.source`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Dashboard,
    Import,
    Newsletter,
    Helloasso,
    Api,
}

impl TextEnum for Source {
    const ALL: &'static [Self] = &[
        Source::Dashboard,
        Source::Import,
        Source::Newsletter,
        Source::Helloasso,
        Source::Api,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Source::Dashboard => "dashboard",
            Source::Import => "import",
            Source::Newsletter => "newsletter",
            Source::Helloasso => "helloasso",
            Source::Api => "api",
        }
    }
}

crate::stored_as_text!(Source);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = contacts)]
pub struct Contact {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    #[serde(skip)]
    pub email_key: Option<String>,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub birth_date: Option<NaiveDate>,
    pub notes: String,
    #[serde(skip)]
    pub name_key: String,
    pub lang: String,
    pub source: Source,
    pub user_id: Option<i64>,
    pub email_bounced_at: Option<NaiveDateTime>,
    pub bounce_reason: Option<String>,
    pub last_activity_at: NaiveDateTime,
    pub anonymized_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Contact {
    /// "First Last", or the address when there is no name.
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let name = name.trim();
        if name.is_empty() {
            self.email.clone().unwrap_or_default()
        } else {
            name.to_string()
        }
    }

    /// Whether mail may go to this person at all (an address that has not bounced).
    pub fn can_receive_mail(&self) -> bool {
        self.email.is_some() && self.email_bounced_at.is_none() && self.anonymized_at.is_none()
    }
}

/// What a person's record holds, as typed in a form, an import line or a JSON body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContactInput {
    pub first_name: String,
    pub last_name: String,
    /// Empty: no address.
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub birth_date: Option<NaiveDate>,
    pub notes: String,
    /// `fr` or `en`: the language of the mails this person gets. Empty: French.
    pub lang: String,
}

impl ContactInput {
    /// Checks every field and gives all the mistakes at once; returns the normalized address
    /// (lower-cased) when there is one.
    pub fn check(&self) -> Result<Option<String>> {
        let mut errors = Vec::new();
        let mut push = |field, code| errors.push(FieldError { field, code });
        let email = match self.email.trim() {
            "" => None,
            typed => match crate::accounts::users::normalize_email(typed) {
                Ok(key) => Some(key),
                Err(_) => {
                    push("email", "email_invalid");
                    None
                }
            },
        };
        if self.first_name.trim().is_empty()
            && self.last_name.trim().is_empty()
            && self.email.trim().is_empty()
        {
            push("last_name", "name_or_email_required");
        }
        for (field, value, max) in [
            ("first_name", &self.first_name, 100),
            ("last_name", &self.last_name, 100),
            ("phone", &self.phone, 40),
            ("address", &self.address, 300),
            ("postal_code", &self.postal_code, 20),
            ("city", &self.city, 100),
            ("country", &self.country, 100),
            ("notes", &self.notes, 10_000),
        ] {
            if value.trim().chars().count() > max {
                push(field, "too_long");
            }
        }
        if let Some(born) = self.birth_date {
            let today = chrono::Utc::now().date_naive();
            if born > today || born < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(born) {
                push("birth_date", "birth_date_invalid");
            }
        }
        if !matches!(self.lang.as_str(), "" | "fr" | "en") {
            push("lang", "lang_invalid");
        }
        if errors.is_empty() {
            Ok(email)
        } else {
            Err(Error::Invalid(errors))
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(
    table_name = contacts,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
struct ContactFields<'a> {
    first_name: &'a str,
    last_name: &'a str,
    email: Option<&'a str>,
    email_key: Option<&'a str>,
    phone: &'a str,
    address: &'a str,
    postal_code: &'a str,
    city: &'a str,
    country: &'a str,
    birth_date: Option<NaiveDate>,
    notes: &'a str,
    name_key: String,
    lang: &'a str,
}

fn fields<'a>(input: &'a ContactInput, email_key: Option<&'a str>) -> ContactFields<'a> {
    ContactFields {
        first_name: input.first_name.trim(),
        last_name: input.last_name.trim(),
        email: email_key.map(|_| input.email.trim()),
        email_key,
        phone: input.phone.trim(),
        address: input.address.trim(),
        postal_code: input.postal_code.trim(),
        city: input.city.trim(),
        country: input.country.trim(),
        birth_date: input.birth_date,
        notes: input.notes.trim(),
        name_key: names::name_key(&input.first_name, &input.last_name),
        lang: if input.lang.is_empty() {
            "fr"
        } else {
            &input.lang
        },
    }
}

/// Adds a person. `source` says where they came from, `by` who typed them in.
pub fn create(
    conn: &mut DbConn,
    input: &ContactInput,
    source: Source,
    by: Option<i64>,
) -> Result<Contact> {
    let email_key = input.check()?;
    let at = now();
    let id: i64 = diesel::insert_into(contacts::table)
        .values((
            fields(input, email_key.as_deref()),
            contacts::source.eq(source),
            contacts::last_activity_at.eq(at),
            contacts::created_at.eq(at),
            contacts::updated_at.eq(at),
        ))
        .returning(contacts::id)
        .get_result(conn)?;
    history::record(conn, id, by, history::Action::Created, source.as_str())?;
    find(conn, id)
}

/// Replaces a person's details with what the form holds.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    input: &ContactInput,
    by: Option<i64>,
) -> Result<Contact> {
    let email_key = input.check()?;
    let before = find(conn, id)?;
    if before.anonymized_at.is_some() {
        return Err(Error::conflict("error_record_anonymized"));
    }
    let at = now();
    diesel::update(contacts::table.find(id))
        .set((
            fields(input, email_key.as_deref()),
            contacts::updated_at.eq(at),
            contacts::last_activity_at.eq(at),
        ))
        .execute(conn)?;
    // A new address has not bounced yet.
    if email_key != before.email_key && before.email_bounced_at.is_some() {
        diesel::update(contacts::table.find(id))
            .set((
                contacts::email_bounced_at.eq(None::<NaiveDateTime>),
                contacts::bounce_reason.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    history::record(conn, id, by, history::Action::Edited, "")?;
    find(conn, id)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Contact> {
    contacts::table
        .find(id)
        .select(Contact::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// The record of an address (the oldest, if duplicates were not merged yet); anonymized
/// records are never found.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<Contact>> {
    let key = email.trim().to_lowercase();
    Ok(contacts::table
        .filter(contacts::email_key.eq(key))
        .filter(contacts::anonymized_at.is_null())
        .order(contacts::id.asc())
        .select(Contact::as_select())
        .first(conn)
        .optional()?)
}

/// The record of a login account, if one is linked.
pub fn find_by_user(conn: &mut DbConn, user_id: i64) -> Result<Option<Contact>> {
    Ok(contacts::table
        .filter(contacts::user_id.eq(user_id))
        .select(Contact::as_select())
        .first(conn)
        .optional()?)
}

/// The record of this address, made when there is none (a newsletter form, a sync). An
/// existing record keeps its details: a stranger's form must not rename someone.
pub fn find_or_create_by_email(
    conn: &mut DbConn,
    input: &ContactInput,
    source: Source,
) -> Result<Contact> {
    let Some(key) = input.check()? else {
        return Err(Error::invalid("email", "required"));
    };
    match find_by_email(conn, &key)? {
        Some(contact) => Ok(contact),
        None => create(conn, input, source, None),
    }
}

/// Notes a sign of life (a membership, a subscription, a registration), which the retention
/// review reads.
pub fn touch(conn: &mut DbConn, id: i64) -> Result<()> {
    diesel::update(contacts::table.find(id))
        .set(contacts::last_activity_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// Links a login account to this person (or unlinks with `None`).
pub fn link_user(conn: &mut DbConn, id: i64, user_id: Option<i64>, by: Option<i64>) -> Result<()> {
    let changed = diesel::update(contacts::table.find(id))
        .set((
            contacts::user_id.eq(user_id),
            contacts::updated_at.eq(now()),
        ))
        .execute(conn)
        .map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                Error::invalid("user_id", "account_already_linked")
            } else {
                e.into()
            }
        })?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    history::record(
        conn,
        id,
        by,
        history::Action::AccountLinked,
        &user_id.map(|u| u.to_string()).unwrap_or_default(),
    )
}

/// The record, if it can still be changed: not anonymized (409 otherwise).
pub fn editable(conn: &mut DbConn, id: i64) -> Result<Contact> {
    let contact = find(conn, id)?;
    if contact.anonymized_at.is_some() {
        return Err(Error::conflict("error_record_anonymized"));
    }
    Ok(contact)
}

/// The newsletter lists a person is on, with the status of each (`pending`, `confirmed`,
/// `unsubscribed`), by list name.
pub fn subscriptions_of(conn: &mut DbConn, id: i64) -> Result<Vec<(String, String)>> {
    use crate::db::schema::{newsletter_lists, subscriptions};
    Ok(subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::contact_id.eq(id))
        .order(newsletter_lists::name)
        .select((newsletter_lists::name, subscriptions::status))
        .load(conn)?)
}

// ---------------------------------------------------------------------------------------------
// The list: search, filters, pages

/// How many records a page of the list shows.
pub const PER_PAGE: i64 = 50;

/// What the list is asked for. Every part is optional; they all apply together.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// One box: words found in the name (accents and case folded), the address, the phone
    /// number or the city; every word must be found.
    pub q: String,
    pub tag: Option<i64>,
    pub group: Option<i64>,
    pub has_email: bool,
    pub bounced: bool,
    /// Whose latest newsletter consent says yes.
    pub newsletter_consent: bool,
}

type Backend = <DbConn as diesel::Connection>::Backend;

diesel::define_sql_function! {
    /// SQL `lower()`, which both databases have.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

impl Filter {
    /// The records that match, as a query to page through or to count.
    fn query(&self) -> contacts::BoxedQuery<'static, Backend> {
        use crate::db::schema::contact_tags;
        use diesel::dsl::sql;
        use diesel::sql_types::{Bool, Text};

        let mut query = contacts::table.into_boxed();
        for tag in [self.tag, self.group].into_iter().flatten() {
            query = query.filter(
                contacts::id.eq_any(
                    contact_tags::table
                        .filter(contact_tags::tag_id.eq(tag))
                        .select(contact_tags::contact_id),
                ),
            );
        }
        if self.has_email {
            query = query.filter(contacts::email_key.is_not_null());
        }
        if self.bounced {
            query = query.filter(contacts::email_bounced_at.is_not_null());
        }
        if self.newsletter_consent {
            query = query.filter(sql::<Bool>(
                "EXISTS (SELECT 1 FROM consents c WHERE c.contact_id = contacts.id \
                 AND c.kind = 'newsletter' AND c.given = TRUE AND NOT EXISTS \
                 (SELECT 1 FROM consents d WHERE d.contact_id = c.contact_id AND d.kind = c.kind \
                 AND (d.recorded_at > c.recorded_at OR (d.recorded_at = c.recorded_at AND d.id > c.id))))",
            ));
        }
        let q = self.q.trim();
        if let Some(digits) = phone_digits(q) {
            // A phone number, typed with or without spaces, dots or dashes.
            query = query.filter(
                sql::<Bool>(
                    "replace(replace(replace(contacts.phone, ' ', ''), '.', ''), '-', '') LIKE ",
                )
                .bind::<Text, _>(format!("%{digits}%")),
            );
            return query;
        }
        for word in q.split_whitespace() {
            let plain = like_pattern(&word.to_lowercase());
            let folded = names::fold(word);
            let by_name = if folded.is_empty() {
                plain.clone()
            } else {
                like_pattern(&folded)
            };
            query = query.filter(
                contacts::name_key
                    .like(by_name)
                    .escape('\\')
                    .or(contacts::email_key.like(plain.clone()).escape('\\'))
                    .or(contacts::phone.like(plain.clone()).escape('\\'))
                    .or(lower(contacts::city).like(plain).escape('\\')),
            );
        }
        query
    }
}

/// One page of the list (numbered from 1), sorted by last name then first name, and how many
/// records match in all: one query for each.
pub fn search(conn: &mut DbConn, filter: &Filter, page: i64) -> Result<(Vec<Contact>, i64)> {
    let page = page.max(1);
    let rows = filter
        .query()
        .order((contacts::last_name, contacts::first_name, contacts::id))
        .limit(PER_PAGE)
        .offset((page - 1).saturating_mul(PER_PAGE))
        .select(Contact::as_select())
        .load(conn)?;
    let total = filter.query().count().get_result(conn)?;
    Ok((rows, total))
}

/// The digits of a query that is a phone number (at least four digits, and nothing but digits,
/// spaces, `+`, `.`, `-`, `(` or `)`).
fn phone_digits(q: &str) -> Option<String> {
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let only_phone = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-' | '(' | ')'));
    (only_phone && digits.len() >= 4).then_some(digits)
}

/// `%text%` with `%`, `_` and `\` escaped.
fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_needs_a_name_or_an_address_and_a_valid_address() {
        let empty = ContactInput::default();
        assert!(empty.check().is_err());
        let only_email = ContactInput {
            email: " Alice@Example.ORG ".into(),
            ..Default::default()
        };
        assert_eq!(
            only_email.check().unwrap().as_deref(),
            Some("alice@example.org")
        );
        let bad = ContactInput {
            last_name: "Martin".into(),
            email: "alice(at)example.org".into(),
            ..Default::default()
        };
        let Err(Error::Invalid(errors)) = bad.check() else {
            panic!("a bad address must be refused")
        };
        assert_eq!(errors[0].field, "email");
    }
}
