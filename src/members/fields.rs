//! Custom fields: what an admin adds to every contact (a T-shirt size, a date of first visit,
//! a skill among a few choices). A definition has a kind (text, number, date, choice); values
//! are checked against it and kept as text in `contact_field_values`, one row per filled field
//! (an empty value removes the row).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use std::collections::HashSet;

use crate::db::{
    CHUNK, DbConn, TextEnum, insert_many, now,
    schema::{contact_field_values, contact_fields},
};
use crate::error::{Error, FieldError, Result};

/// What a custom field holds, which says how its values are checked and typed in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Number,
    Date,
    Choice,
}

impl TextEnum for FieldKind {
    const ALL: &'static [Self] = &[
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Choice,
    ];

    fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
        }
    }
}

crate::stored_as_text!(FieldKind);

/// The longest value a text field keeps.
const MAX_TEXT: usize = 1000;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contact_fields)]
pub struct Field {
    pub id: i64,
    /// Short name for imports and the API: lower-case letters, digits and `_`.
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    /// For a choice: the choices, one per line.
    pub choices: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

impl Field {
    pub fn choice_list(&self) -> Vec<&str> {
        self.choices
            .lines()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect()
    }

    /// The name of this field in forms and in field errors: `field_<key>`.
    pub fn input_name(&self) -> &'static str {
        input_name(&self.key)
    }

    /// The value as it is stored, or the message key of the mistake.
    pub fn check_value(&self, typed: &str) -> Result<Option<String>, &'static str> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Ok(None);
        }
        match self.kind {
            FieldKind::Number => {
                let text = typed.replace([' ', '\u{a0}'], "").replace(',', ".");
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok(Some(text)),
                    _ => Err("contact_field_number_invalid"),
                }
            }
            FieldKind::Date => NaiveDate::parse_from_str(typed, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(typed, "%d/%m/%Y"))
                .map(|d| Some(d.format("%Y-%m-%d").to_string()))
                .map_err(|_| "contact_field_date_invalid"),
            FieldKind::Choice => self
                .choice_list()
                .into_iter()
                .find(|c| c.to_lowercase() == typed.to_lowercase())
                .map(|c| Some(c.to_string()))
                .ok_or("contact_field_choice_invalid"),
            _ if typed.chars().count() > MAX_TEXT => Err("too_long"),
            _ => Ok(Some(typed.to_string())),
        }
    }
}

/// A definition as typed in the form or a JSON body.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct FieldInput {
    pub key: String,
    pub label: String,
    pub kind: String,
    /// For a choice: one per line.
    #[serde(default)]
    pub choices: String,
    #[serde(default)]
    pub position: i32,
}

impl FieldInput {
    /// Checks every field at once; returns the kind the definition names.
    fn check(&self, conn: &mut DbConn, id: Option<i64>) -> Result<FieldKind> {
        let mut errors = Vec::new();
        let mut push = |field, code| errors.push(FieldError { field, code });
        let key = self.key.trim();
        if key.is_empty() {
            push("key", "required");
        } else if key.len() > 40
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            push("key", "contact_field_key_invalid");
        } else {
            let taken = contact_fields::table
                .filter(contact_fields::key.eq(key))
                .select(contact_fields::id)
                .first::<i64>(conn)
                .optional()?;
            if taken.is_some() && taken != id {
                push("key", "contact_field_key_taken");
            }
        }
        if self.label.trim().is_empty() {
            push("label", "required");
        } else if self.label.trim().chars().count() > 100 {
            push("label", "too_long");
        }
        let kind = FieldKind::parse(self.kind.trim());
        match kind {
            None => push("kind", "contact_field_kind_invalid"),
            Some(FieldKind::Choice) if self.choices.trim().is_empty() => {
                push("choices", "contact_field_choices_required")
            }
            Some(_) => {}
        }
        if self.choices.chars().count() > 5000 {
            push("choices", "too_long");
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(kind),
            _ => Err(Error::Invalid(errors)),
        }
    }

    /// The choices without blank lines or surrounding spaces (none but for a choice).
    fn clean_choices(&self, kind: FieldKind) -> String {
        if kind != FieldKind::Choice {
            return String::new();
        }
        self.choices
            .lines()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every definition, in the order of the forms.
pub fn all(conn: &mut DbConn) -> Result<Vec<Field>> {
    Ok(contact_fields::table
        .order((contact_fields::position, contact_fields::id))
        .select(Field::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Field> {
    contact_fields::table
        .find(id)
        .select(Field::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn create(conn: &mut DbConn, input: &FieldInput) -> Result<Field> {
    crate::db::transaction(conn, |conn| {
        let kind = input.check(conn, None)?;
        let id: i64 = diesel::insert_into(contact_fields::table)
            .values((
                contact_fields::key.eq(input.key.trim()),
                contact_fields::label.eq(input.label.trim()),
                contact_fields::kind.eq(kind),
                contact_fields::choices.eq(input.clean_choices(kind)),
                contact_fields::position.eq(input.position),
                contact_fields::created_at.eq(now()),
            ))
            .returning(contact_fields::id)
            .get_result(conn)?;
        find(conn, id)
    })
}

/// Saves a definition. Values already kept stay as they are, even if they no longer fit a
/// new kind; they are checked again when the contact is next saved.
pub fn update(conn: &mut DbConn, id: i64, input: &FieldInput) -> Result<Field> {
    crate::db::transaction(conn, |conn| {
        find(conn, id)?;
        let kind = input.check(conn, Some(id))?;
        diesel::update(contact_fields::table.find(id))
            .set((
                contact_fields::key.eq(input.key.trim()),
                contact_fields::label.eq(input.label.trim()),
                contact_fields::kind.eq(kind),
                contact_fields::choices.eq(input.clean_choices(kind)),
                contact_fields::position.eq(input.position),
            ))
            .execute(conn)?;
        find(conn, id)
    })
}

/// Deletes a definition and every value of it.
pub fn delete(conn: &mut DbConn, id: i64) -> Result<()> {
    crate::db::transaction(conn, |conn| {
        diesel::delete(contact_field_values::table.filter(contact_field_values::field_id.eq(id)))
            .execute(conn)?;
        if diesel::delete(contact_fields::table.find(id)).execute(conn)? == 0 {
            return Err(Error::NotFound);
        }
        Ok(())
    })
}

/// One filled field of a contact.
#[derive(Debug, Clone, Serialize)]
pub struct FieldValue {
    pub field_id: i64,
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub value: String,
}

/// A contact's filled fields, in the order of the definitions.
pub fn values_of(conn: &mut DbConn, contact_id: i64) -> Result<Vec<FieldValue>> {
    let rows: Vec<(Field, String)> = contact_field_values::table
        .inner_join(contact_fields::table)
        .filter(contact_field_values::contact_id.eq(contact_id))
        .order((contact_fields::position, contact_fields::id))
        .select((Field::as_select(), contact_field_values::value))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(f, value)| FieldValue {
            field_id: f.id,
            key: f.key,
            label: f.label,
            kind: f.kind,
            value,
        })
        .collect())
}

/// Checks values for these fields against their kinds, giving every mistake at once (on the
/// field `field_<key>`); returns what to store (`None`: empty, remove the value).
pub fn check_values(
    conn: &mut DbConn,
    values: &[(i64, String)],
) -> Result<Vec<(i64, Option<String>)>> {
    let defs = all(conn)?;
    let mut errors = Vec::new();
    let mut clean = Vec::new();
    for (field_id, typed) in values {
        let Some(field) = defs.iter().find(|f| f.id == *field_id) else {
            errors.push(FieldError {
                field: "fields",
                code: "contact_field_unknown",
            });
            continue;
        };
        match field.check_value(typed) {
            Ok(value) => clean.push((*field_id, value)),
            Err(code) => errors.push(FieldError {
                field: field.input_name(),
                code,
            }),
        }
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The values a form posted for these fields (`field_<key>`), by field id; other names are
/// ignored, and a field the form did not send is left out (kept as it is).
pub fn posted_values(pairs: &[(String, String)], defs: &[Field]) -> Vec<(i64, String)> {
    defs.iter()
        .filter_map(|f| {
            pairs
                .iter()
                .find(|(k, _)| k == f.input_name())
                .map(|(_, v)| (f.id, v.clone()))
        })
        .collect()
}

/// Sets a contact's values for these fields (the others are left as they are), after checking
/// them all: nothing is written when one is wrong. An empty value removes the field's value.
pub fn set_values(conn: &mut DbConn, contact_id: i64, values: &[(i64, String)]) -> Result<()> {
    crate::db::transaction(conn, |conn| {
        super::contacts::editable(conn, contact_id)?;
        let clean = check_values(conn, values)?;
        for (field_id, value) in clean {
            diesel::delete(contact_field_values::table.find((contact_id, field_id)))
                .execute(conn)?;
            if let Some(value) = value {
                diesel::insert_into(contact_field_values::table)
                    .values((
                        contact_field_values::contact_id.eq(contact_id),
                        contact_field_values::field_id.eq(field_id),
                        contact_field_values::value.eq(value),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}

/// The (contact, field) pairs that have a value on these records.
pub fn pairs_of(conn: &mut DbConn, contact_ids: &[i64]) -> Result<HashSet<(i64, i64)>> {
    let mut pairs = HashSet::new();
    for chunk in contact_ids.chunks(CHUNK) {
        pairs.extend(
            contact_field_values::table
                .filter(contact_field_values::contact_id.eq_any(chunk))
                .select((
                    contact_field_values::contact_id,
                    contact_field_values::field_id,
                ))
                .load::<(i64, i64)>(conn)?,
        );
    }
    Ok(pairs)
}

/// Writes `(contact, field, value)` rows in multi-row inserts: for the importer, whose values
/// were checked with [`check_value`](Field::check_value) and which knows from [`pairs_of`]
/// that none of these fields has a value yet.
pub fn add_new_values(conn: &mut DbConn, values: &[(i64, i64, String)]) -> Result<()> {
    let rows: Vec<_> = values
        .iter()
        .map(|(contact_id, field_id, value)| {
            (
                contact_field_values::contact_id.eq(*contact_id),
                contact_field_values::field_id.eq(*field_id),
                contact_field_values::value.eq(value.as_str()),
            )
        })
        .collect();
    insert_many(conn, contact_field_values::table, rows)?;
    Ok(())
}

/// The name of a custom field in forms and field errors. Field errors name their field with a
/// `&'static str`; custom fields are few and made by an admin, so their names are kept once
/// for the life of the process.
pub fn input_name(key: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    names
        .entry(key.to_string())
        .or_insert_with(|| Box::leak(format!("field_{key}").into_boxed_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: FieldKind, choices: &str) -> Field {
        Field {
            id: 1,
            key: "k".into(),
            label: "K".into(),
            kind,
            choices: choices.into(),
            position: 0,
            created_at: now(),
        }
    }

    #[test]
    fn values_are_checked_by_kind() {
        let number = field(FieldKind::Number, "");
        assert_eq!(number.check_value(" 3,5 "), Ok(Some("3.5".into())));
        assert_eq!(
            number.check_value("three"),
            Err("contact_field_number_invalid")
        );
        let date = field(FieldKind::Date, "");
        assert_eq!(
            date.check_value("24/11/2026"),
            Ok(Some("2026-11-24".into()))
        );
        assert_eq!(
            date.check_value("2026-02-30"),
            Err("contact_field_date_invalid")
        );
        let choice = field(FieldKind::Choice, "S\nM\n L \n");
        assert_eq!(choice.check_value("l"), Ok(Some("L".into())));
        assert_eq!(
            choice.check_value("XL"),
            Err("contact_field_choice_invalid")
        );
        assert_eq!(field(FieldKind::Text, "").check_value("   "), Ok(None));
        assert_eq!(
            field(FieldKind::Text, "").check_value(&"x".repeat(1001)),
            Err("too_long")
        );
    }

    #[test]
    fn a_field_name_is_kept_once() {
        assert_eq!(input_name("size"), "field_size");
        assert!(std::ptr::eq(input_name("size"), input_name("size")));
    }
}
