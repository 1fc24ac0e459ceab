//! Checking every line before anything is written: the columns make sense, each cell reads,
//! each line makes a valid contact, and no address comes twice.

use std::collections::HashMap;

use super::values::{field_value, parse_consent, parse_date, parse_lang, split_tags};
use super::{FieldDef, LineError, Table, Target};
use crate::error::{Error, FieldError};
use crate::members::contacts::ContactInput;

/// One line, checked.
pub(super) struct Prepared {
    pub(super) input: ContactInput,
    pub(super) email_key: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) newsletter: Option<bool>,
    /// (field id, value)
    pub(super) fields: Vec<(i64, String)>,
}

/// The columns make sense: each meaning once, and a name or an address somewhere.
pub(super) fn check_mapping(
    table: &Table,
    mapping: &[Target],
    defs: &[FieldDef],
) -> std::result::Result<(), Vec<LineError>> {
    let line = table.header_line;
    let mut errors = Vec::new();
    if mapping.len() != table.header.len() {
        errors.push(LineError::new(line, "import_err_mapping_incomplete", &[]));
        return Err(errors);
    }
    let mut seen: HashMap<&Target, usize> = HashMap::new();
    for (i, target) in mapping.iter().enumerate() {
        if *target == Target::Ignore {
            continue;
        }
        if let Target::Field(key) = target
            && !defs.iter().any(|d| &d.key == key)
        {
            errors.push(LineError::new(
                line,
                "import_err_unknown_column",
                &[&table.header[i]],
            ));
        }
        if let Some(&first) = seen.get(target) {
            errors.push(LineError::new(
                line,
                "import_err_column_twice",
                &[&table.header[first], &table.header[i]],
            ));
        } else {
            seen.insert(target, i);
        }
    }
    if !mapping
        .iter()
        .any(|t| matches!(t, Target::FirstName | Target::LastName | Target::Email))
    {
        errors.push(LineError::new(line, "import_err_no_name_column", &[]));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Reads and checks every line; returns the lines and every mistake found.
pub(super) fn prepare(
    table: &Table,
    mapping: &[Target],
    defs: &[FieldDef],
) -> (Vec<Prepared>, Vec<LineError>) {
    let mut errors = Vec::new();
    let mut prepared = Vec::with_capacity(table.rows.len());
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let width = table.header.len();
    for row in &table.rows {
        if row.fields.len() != width {
            errors.push(LineError::new(
                row.line,
                "import_err_field_count",
                &[&row.fields.len().to_string(), &width.to_string()],
            ));
            continue;
        }
        let before = errors.len();
        let mut p = Prepared {
            input: ContactInput::default(),
            email_key: None,
            tags: Vec::new(),
            newsletter: None,
            fields: Vec::new(),
        };
        let mut birth_text = "";
        for ((target, value), header) in mapping.iter().zip(&row.fields).zip(&table.header) {
            let trimmed = value.trim();
            let input = &mut p.input;
            match target {
                Target::Ignore => {}
                Target::FirstName => input.first_name = trimmed.into(),
                Target::LastName => input.last_name = trimmed.into(),
                Target::Email => input.email = trimmed.into(),
                Target::Phone => input.phone = trimmed.into(),
                Target::Address => input.address = trimmed.into(),
                Target::PostalCode => input.postal_code = trimmed.into(),
                Target::City => input.city = trimmed.into(),
                Target::Country => input.country = trimmed.into(),
                Target::Notes => input.notes = trimmed.into(),
                Target::BirthDate if trimmed.is_empty() => {}
                Target::BirthDate => match parse_date(trimmed) {
                    Some(d) => {
                        input.birth_date = Some(d);
                        birth_text = trimmed;
                    }
                    None => errors.push(LineError::new(row.line, "import_err_date", &[trimmed])),
                },
                Target::Lang => match parse_lang(trimmed) {
                    Ok(l) => input.lang = l.into(),
                    Err(()) => errors.push(LineError::new(row.line, "import_err_lang", &[trimmed])),
                },
                Target::Tags => {
                    p.tags = split_tags(trimmed);
                    if p.tags.iter().any(|t| t.chars().count() > 100) {
                        errors.push(LineError::new(row.line, "import_err_too_long", &[header]));
                    }
                }
                Target::Newsletter => match parse_consent(trimmed) {
                    Ok(answer) => p.newsletter = answer,
                    Err(code) => errors.push(LineError::new(row.line, code, &[trimmed])),
                },
                Target::Field(key) => {
                    if trimmed.is_empty() {
                        continue;
                    }
                    let Some(def) = defs.iter().find(|d| &d.key == key) else {
                        continue;
                    };
                    match field_value(def, trimmed) {
                        Ok(v) => p.fields.push((def.id, v)),
                        Err(code) => errors.push(LineError::new(
                            row.line,
                            code,
                            &[
                                header,
                                trimmed,
                                &def.choices
                                    .lines()
                                    .map(str::trim)
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ],
                        )),
                    }
                }
            }
        }
        match p.input.check() {
            Ok(key) => p.email_key = key,
            Err(Error::Invalid(fields)) => {
                for FieldError { field, code } in fields {
                    let column = header_of(table, mapping, field);
                    errors.push(match (field, code) {
                        ("email", _) => {
                            LineError::new(row.line, "import_err_email", &[p.input.email.trim()])
                        }
                        (_, "name_or_email_required") => {
                            LineError::new(row.line, "import_err_no_name", &[])
                        }
                        ("birth_date", _) => {
                            LineError::new(row.line, "import_err_birth_date", &[birth_text])
                        }
                        (_, "too_long") => {
                            LineError::new(row.line, "import_err_too_long", &[&column])
                        }
                        _ => LineError::new(row.line, "import_err_invalid", &[&column]),
                    });
                }
            }
            Err(_) => errors.push(LineError::new(row.line, "import_err_invalid", &[""])),
        }
        if let Some(key) = &p.email_key {
            match first_seen.get(key) {
                Some(&first) => errors.push(LineError::new(
                    row.line,
                    "import_err_duplicate",
                    &[p.input.email.trim(), &first.to_string()],
                )),
                None => {
                    first_seen.insert(key.clone(), row.line);
                }
            }
        }
        if errors.len() == before {
            prepared.push(p);
        }
    }
    (prepared, errors)
}

/// The header of the column mapped to a contact field, for messages.
fn header_of(table: &Table, mapping: &[Target], field: &str) -> String {
    mapping
        .iter()
        .position(|t| t.key() == field)
        .and_then(|i| table.header.get(i).cloned())
        .unwrap_or_else(|| field.to_string())
}
