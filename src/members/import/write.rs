//! Writing the checked lines in one go: new records, what existing ones lack, history,
//! consents, tags and custom fields, in multi-row inserts.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::check::Prepared;
use super::{Existing, Options, Summary};
use crate::db::{CHUNK, DbConn, now, schema::contacts};
use crate::error::{Error, Result};
use crate::members::contacts::{ContactInput, Source};
use crate::members::{consents, fields, history, names, tags};

#[derive(Insertable)]
#[diesel(table_name = contacts, treat_none_as_default_value = false)]
struct NewContact<'a> {
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
    source: Source,
    last_activity_at: NaiveDateTime,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// What an existing record lacks that a line brings.
#[derive(AsChangeset, Default)]
#[diesel(table_name = contacts)]
struct Fill {
    first_name: Option<String>,
    last_name: Option<String>,
    name_key: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
    birth_date: Option<NaiveDate>,
    notes: Option<String>,
    updated_at: Option<NaiveDateTime>,
}

#[derive(Queryable)]
struct ExistingContact {
    id: i64,
    email_key: Option<String>,
    first_name: String,
    last_name: String,
    phone: String,
    address: String,
    postal_code: String,
    city: String,
    country: String,
    birth_date: Option<NaiveDate>,
    notes: String,
}

/// Writes the checked lines: new records in multi-row inserts, then what existing records
/// lack, then history, consents, tags and custom fields, all in multi-row inserts.
pub(super) fn write(conn: &mut DbConn, lines: Vec<Prepared>, opts: &Options) -> Result<Summary> {
    let at = now();
    let mut summary = Summary::default();
    let existing = existing_by_email(conn, &lines)?;

    // Whom each line ends up on: (contact id, line) for the lines that write something.
    let mut new_lines: Vec<&Prepared> = Vec::new();
    let mut touched: Vec<(i64, &Prepared)> = Vec::new();
    let mut fills: Vec<(i64, Fill)> = Vec::new();
    let existing_ids: Vec<i64> = existing.values().map(|c| c.id).collect();
    let completing = opts.existing == Existing::UpdateEmpty && !existing_ids.is_empty();
    let (had_consent, mut had_tags, mut had_fields) = if completing {
        (
            consents::answered(conn, &existing_ids, consents::ConsentKind::Newsletter)?,
            tags::pairs_of(conn, &existing_ids)?,
            fields::pairs_of(conn, &existing_ids)?,
        )
    } else {
        Default::default()
    };
    let tag_ids = tag_ids(conn, &lines, at)?;

    let mut consent_rows: Vec<(i64, bool)> = Vec::new();
    let mut tag_rows: Vec<(i64, i64)> = Vec::new();
    let mut field_rows: Vec<(i64, i64, String)> = Vec::new();

    for p in &lines {
        let Some(found) = p.email_key.as_ref().and_then(|k| existing.get(k)) else {
            new_lines.push(p);
            continue;
        };
        if opts.existing == Existing::Leave {
            summary.unchanged += 1;
            continue;
        }
        let fill = fill_of(found, &p.input, at);
        let mut changed = fill.is_some();
        if let Some(fill) = fill {
            fills.push((found.id, fill));
        }
        if let Some(given) = p.newsletter
            && !had_consent.contains(&found.id)
        {
            consent_rows.push((found.id, given));
            changed = true;
        }
        for tag in &p.tags {
            let tag_id = tag_ids[&tag.to_lowercase()];
            if had_tags.insert((found.id, tag_id)) {
                tag_rows.push((found.id, tag_id));
                changed = true;
            }
        }
        for (field_id, value) in &p.fields {
            if had_fields.insert((found.id, *field_id)) {
                field_rows.push((found.id, *field_id, value.clone()));
                changed = true;
            }
        }
        if changed {
            summary.updated += 1;
            touched.push((found.id, p));
        } else {
            summary.unchanged += 1;
        }
    }

    let new_ids = insert_contacts(conn, &new_lines, opts.source, at)?;
    summary.created = new_ids.len();
    for (id, p) in new_ids.iter().zip(&new_lines) {
        if let Some(given) = p.newsletter {
            consent_rows.push((*id, given));
        }
        for tag in &p.tags {
            tag_rows.push((*id, tag_ids[&tag.to_lowercase()]));
        }
        for (field_id, value) in &p.fields {
            field_rows.push((*id, *field_id, value.clone()));
        }
    }

    for (id, fill) in &fills {
        diesel::update(contacts::table.find(*id))
            .set(fill)
            .execute(conn)?;
    }

    // The history: every record created or completed by this file.
    let detail = opts.filename.as_str();
    let imported: Vec<(i64, &str)> = new_ids
        .iter()
        .copied()
        .chain(touched.iter().map(|(id, _)| *id))
        .map(|id| (id, detail))
        .collect();
    history::record_many(conn, &imported, opts.by, history::Action::Imported, at)?;

    let source = format!("import {} by {}", opts.filename, opts.by_name);
    consents::record_many(
        conn,
        &consent_rows,
        consents::ConsentKind::Newsletter,
        &source,
        opts.by,
        at,
    )?;
    tags::add_new_pairs(conn, &tag_rows)?;
    fields::add_new_values(conn, &field_rows)?;
    Ok(summary)
}

/// The records already in the base for the file's addresses (the oldest of each address,
/// as `contacts::find_by_email` finds it; anonymized records are never matched).
fn existing_by_email(
    conn: &mut DbConn,
    lines: &[Prepared],
) -> Result<HashMap<String, ExistingContact>> {
    let keys: Vec<&str> = lines
        .iter()
        .filter_map(|p| p.email_key.as_deref())
        .collect();
    let mut found: HashMap<String, ExistingContact> = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let rows: Vec<ExistingContact> = contacts::table
            .filter(contacts::email_key.eq_any(chunk))
            .filter(contacts::anonymized_at.is_null())
            .order(contacts::id.asc())
            .select((
                contacts::id,
                contacts::email_key,
                contacts::first_name,
                contacts::last_name,
                contacts::phone,
                contacts::address,
                contacts::postal_code,
                contacts::city,
                contacts::country,
                contacts::birth_date,
                contacts::notes,
            ))
            .load(conn)?;
        for row in rows {
            if let Some(key) = row.email_key.clone() {
                found.entry(key).or_insert(row);
            }
        }
    }
    Ok(found)
}

/// The ids of the file's tags (by lower-cased name), made when missing.
fn tag_ids(
    conn: &mut DbConn,
    lines: &[Prepared],
    at: NaiveDateTime,
) -> Result<HashMap<String, i64>> {
    let names: Vec<&str> = lines
        .iter()
        .flat_map(|p| &p.tags)
        .map(String::as_str)
        .collect();
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    tags::ids_by_name(conn, &names, at)
}

/// What an existing record lacks that the line brings, or nothing.
fn fill_of(found: &ExistingContact, input: &ContactInput, at: NaiveDateTime) -> Option<Fill> {
    let mut fill = Fill::default();
    let mut any = false;
    let mut take = |current: &str, typed: &str| -> Option<String> {
        let typed = typed.trim();
        if current.trim().is_empty() && !typed.is_empty() {
            any = true;
            Some(typed.to_string())
        } else {
            None
        }
    };
    fill.first_name = take(&found.first_name, &input.first_name);
    fill.last_name = take(&found.last_name, &input.last_name);
    fill.phone = take(&found.phone, &input.phone);
    fill.address = take(&found.address, &input.address);
    fill.postal_code = take(&found.postal_code, &input.postal_code);
    fill.city = take(&found.city, &input.city);
    fill.country = take(&found.country, &input.country);
    fill.notes = take(&found.notes, &input.notes);
    if found.birth_date.is_none() && input.birth_date.is_some() {
        fill.birth_date = input.birth_date;
        any = true;
    }
    if !any {
        return None;
    }
    if fill.first_name.is_some() || fill.last_name.is_some() {
        let first = fill.first_name.as_deref().unwrap_or(&found.first_name);
        let last = fill.last_name.as_deref().unwrap_or(&found.last_name);
        fill.name_key = Some(names::name_key(first, last));
    }
    fill.updated_at = Some(at);
    Some(fill)
}

/// Inserts the new records in multi-row statements; returns their ids in the lines' order.
/// Each row's `created_at` is `at` plus its rank in microseconds, which tells which id the
/// database gave to which line whatever order it returns them in.
fn insert_contacts(
    conn: &mut DbConn,
    lines: &[&Prepared],
    source: Source,
    at: NaiveDateTime,
) -> Result<Vec<i64>> {
    let mut ids = vec![0i64; lines.len()];
    for (chunk_no, chunk) in lines.chunks(CHUNK).enumerate() {
        let base = chunk_no * CHUNK;
        let rows: Vec<NewContact> = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let input = &p.input;
                NewContact {
                    first_name: input.first_name.trim(),
                    last_name: input.last_name.trim(),
                    email: p.email_key.as_ref().map(|_| input.email.trim()),
                    email_key: p.email_key.as_deref(),
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
                    source,
                    last_activity_at: at,
                    created_at: at + chrono::Duration::microseconds((base + i) as i64),
                    updated_at: at,
                }
            })
            .collect();
        // A multi-row insert that returns goes to the connection underneath, as in
        // `db::insert_many` (the multi-backend connection has no batch syntax).
        let statement = diesel::insert_into(contacts::table)
            .values(&rows)
            .returning((contacts::id, contacts::created_at));
        let returned: Vec<(i64, NaiveDateTime)> = match conn {
            DbConn::Sqlite(c) => statement.get_results(c)?,
            DbConn::Pg(c) => statement.get_results(c)?,
        };
        for (id, created_at) in returned {
            let rank = (created_at - at).num_microseconds().unwrap_or(-1);
            let slot = usize::try_from(rank)
                .ok()
                .and_then(|r| ids.get_mut(r))
                .ok_or_else(|| Error::internal("an imported row came back unknown"))?;
            *slot = id;
        }
    }
    if ids.contains(&0) {
        return Err(Error::internal("an imported row has no id"));
    }
    Ok(ids)
}
