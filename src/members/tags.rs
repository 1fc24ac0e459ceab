//! Tags (free labels: "volunteer", "donor 2025") and groups (a team, a committee) put on
//! contacts. Both live in `tags`, told apart by `kind`; a contact has any number of each.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{
    CHUNK, DbConn, TextEnum, insert_many, now,
    schema::{contact_tags, contacts, tags},
};
use crate::error::{Error, FieldError, Result};

/// A free label, or a group of people (shown first, and used to pick who receives a mail).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum TagKind {
    Tag,
    Group,
}

impl TextEnum for TagKind {
    const ALL: &'static [Self] = &[TagKind::Tag, TagKind::Group];

    fn as_str(self) -> &'static str {
        match self {
            TagKind::Tag => "tag",
            TagKind::Group => "group",
        }
    }
}

crate::stored_as_text!(TagKind);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tags)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub kind: TagKind,
    pub description: String,
    pub created_at: NaiveDateTime,
}

impl Tag {
    pub fn is_group(&self) -> bool {
        self.kind == TagKind::Group
    }
}

/// A tag or group as typed in the form or a JSON body.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TagInput {
    pub name: String,
    /// `tag` (the default) or `group`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
}

impl TagInput {
    /// The kind typed (a plain tag when none was), if it is one.
    fn kind(&self) -> Option<TagKind> {
        match self.kind.trim() {
            "" => Some(TagKind::Tag),
            typed => TagKind::parse(typed),
        }
    }

    /// Checks every field at once; returns the kind typed (a plain tag when none was).
    fn check(&self, conn: &mut DbConn, id: Option<i64>) -> Result<TagKind> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError {
                field: "name",
                code: "required",
            });
        } else if name.chars().count() > 100 {
            errors.push(FieldError {
                field: "name",
                code: "too_long",
            });
        } else if let Some(other) = find_by_name(conn, name)?
            && Some(other.id) != id
        {
            errors.push(FieldError {
                field: "name",
                code: "contact_tag_name_taken",
            });
        }
        let kind = self.kind();
        if kind.is_none() {
            errors.push(FieldError {
                field: "kind",
                code: "contact_tag_kind_invalid",
            });
        }
        if self.description.trim().chars().count() > 1000 {
            errors.push(FieldError {
                field: "description",
                code: "too_long",
            });
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(kind),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// Every tag and group: groups first, then tags, each by name.
pub fn all(conn: &mut DbConn) -> Result<Vec<Tag>> {
    let mut list: Vec<Tag> = tags::table.select(Tag::as_select()).load(conn)?;
    sort(&mut list);
    Ok(list)
}

/// Every tag and group with how many contacts carry it.
pub fn all_with_counts(conn: &mut DbConn) -> Result<Vec<(Tag, i64)>> {
    let counts: Vec<(i64, i64)> = contact_tags::table
        .group_by(contact_tags::tag_id)
        .select((contact_tags::tag_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(all(conn)?
        .into_iter()
        .map(|t| {
            let n = counts
                .iter()
                .find(|(id, _)| *id == t.id)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (t, n)
        })
        .collect())
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Tag> {
    tags::table
        .find(id)
        .select(Tag::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// The tag of this name, whatever its case and surrounding spaces.
pub fn find_by_name(conn: &mut DbConn, name: &str) -> Result<Option<Tag>> {
    let wanted = name.trim().to_lowercase();
    // Few tags: comparing in Rust folds case the same way on both databases.
    Ok(tags::table
        .select(Tag::as_select())
        .load(conn)?
        .into_iter()
        .find(|t| t.name.to_lowercase() == wanted))
}

pub fn create(conn: &mut DbConn, input: &TagInput) -> Result<Tag> {
    crate::db::transaction(conn, |conn| {
        let kind = input.check(conn, None)?;
        let id: i64 = diesel::insert_into(tags::table)
            .values((
                tags::name.eq(input.name.trim()),
                tags::kind.eq(kind),
                tags::description.eq(input.description.trim()),
                tags::created_at.eq(now()),
            ))
            .returning(tags::id)
            .get_result(conn)?;
        find(conn, id)
    })
}

pub fn update(conn: &mut DbConn, id: i64, input: &TagInput) -> Result<Tag> {
    crate::db::transaction(conn, |conn| {
        find(conn, id)?;
        let kind = input.check(conn, Some(id))?;
        diesel::update(tags::table.find(id))
            .set((
                tags::name.eq(input.name.trim()),
                tags::kind.eq(kind),
                tags::description.eq(input.description.trim()),
            ))
            .execute(conn)?;
        find(conn, id)
    })
}

/// Removes a tag or group from everyone and deletes it.
pub fn delete(conn: &mut DbConn, id: i64) -> Result<()> {
    crate::db::transaction(conn, |conn| {
        diesel::delete(contact_tags::table.filter(contact_tags::tag_id.eq(id))).execute(conn)?;
        let gone = diesel::delete(tags::table.find(id)).execute(conn)?;
        if gone == 0 {
            return Err(Error::NotFound);
        }
        Ok(())
    })
}

/// The ids of these names' tags or groups (by lower-cased name), the missing ones made as
/// plain tags in multi-row inserts: for the importer, whose lines name tags by their text.
pub fn ids_by_name(
    conn: &mut DbConn,
    names: &[&str],
    at: NaiveDateTime,
) -> Result<HashMap<String, i64>> {
    let load = |conn: &mut DbConn| -> Result<HashMap<String, i64>> {
        let all: Vec<(i64, String)> = tags::table
            .order(tags::id.asc())
            .select((tags::id, tags::name))
            .load(conn)?;
        let mut map = HashMap::new();
        for (id, name) in all {
            map.entry(name.to_lowercase()).or_insert(id);
        }
        Ok(map)
    };
    let known = load(conn)?;
    let mut seen = HashSet::new();
    let missing: Vec<_> = names
        .iter()
        .filter(|name| {
            let key = name.to_lowercase();
            !known.contains_key(&key) && seen.insert(key)
        })
        .map(|name| {
            (
                tags::name.eq(*name),
                tags::kind.eq(TagKind::Tag),
                tags::description.eq(""),
                tags::created_at.eq(at),
            )
        })
        .collect();
    if missing.is_empty() {
        return Ok(known);
    }
    insert_many(conn, tags::table, missing)?;
    load(conn)
}

/// The (contact, tag) pairs these records have.
pub fn pairs_of(conn: &mut DbConn, contact_ids: &[i64]) -> Result<HashSet<(i64, i64)>> {
    let mut pairs = HashSet::new();
    for chunk in contact_ids.chunks(CHUNK) {
        pairs.extend(
            contact_tags::table
                .filter(contact_tags::contact_id.eq_any(chunk))
                .select((contact_tags::contact_id, contact_tags::tag_id))
                .load::<(i64, i64)>(conn)?,
        );
    }
    Ok(pairs)
}

/// Puts tags on contacts in multi-row inserts: for the importer, which knows from
/// [`pairs_of`] that none of these (contact, tag) pairs is there yet.
pub fn add_new_pairs(conn: &mut DbConn, pairs: &[(i64, i64)]) -> Result<()> {
    let rows: Vec<_> = pairs
        .iter()
        .map(|(contact_id, tag_id)| {
            (
                contact_tags::contact_id.eq(*contact_id),
                contact_tags::tag_id.eq(*tag_id),
            )
        })
        .collect();
    insert_many(conn, contact_tags::table, rows)?;
    Ok(())
}

/// A contact's tags and groups.
pub fn of_contact(conn: &mut DbConn, contact_id: i64) -> Result<Vec<Tag>> {
    let mut list: Vec<Tag> = contact_tags::table
        .inner_join(tags::table)
        .filter(contact_tags::contact_id.eq(contact_id))
        .select(Tag::as_select())
        .load(conn)?;
    sort(&mut list);
    Ok(list)
}

/// Gives a contact exactly these tags and groups (the others are taken off).
pub fn set_for(conn: &mut DbConn, contact_id: i64, tag_ids: &[i64]) -> Result<()> {
    crate::db::transaction(conn, |conn| {
        editable(conn, contact_id)?;
        check_tags_exist(conn, tag_ids)?;
        diesel::delete(
            contact_tags::table
                .filter(contact_tags::contact_id.eq(contact_id))
                .filter(contact_tags::tag_id.ne_all(tag_ids)),
        )
        .execute(conn)?;
        add_missing(conn, tag_id_pairs(contact_id, tag_ids))
    })
}

/// Puts one tag on a contact (nothing changes if it is there already).
pub fn add(conn: &mut DbConn, contact_id: i64, tag_id: i64) -> Result<()> {
    crate::db::transaction(conn, |conn| {
        editable(conn, contact_id)?;
        check_tags_exist(conn, &[tag_id])?;
        add_missing(conn, vec![(contact_id, tag_id)])
    })
}

/// Takes one tag off a contact.
pub fn remove(conn: &mut DbConn, contact_id: i64, tag_id: i64) -> Result<()> {
    crate::db::transaction(conn, |conn| {
        editable(conn, contact_id)?;
        diesel::delete(contact_tags::table.find((contact_id, tag_id))).execute(conn)?;
        Ok(())
    })
}

/// Puts one tag on many contacts at once (the ticked rows of the list); returns how many
/// did not have it yet. Unknown or anonymized records are left out.
pub fn add_to_many(conn: &mut DbConn, tag_id: i64, contact_ids: &[i64]) -> Result<usize> {
    crate::db::transaction(conn, |conn| {
        check_tags_exist(conn, &[tag_id])?;
        let live: Vec<i64> = contacts::table
            .filter(contacts::id.eq_any(contact_ids))
            .filter(contacts::anonymized_at.is_null())
            .select(contacts::id)
            .load(conn)?;
        let had: Vec<i64> = contact_tags::table
            .filter(contact_tags::tag_id.eq(tag_id))
            .filter(contact_tags::contact_id.eq_any(&live))
            .select(contact_tags::contact_id)
            .load(conn)?;
        let new: Vec<(i64, i64)> = live
            .into_iter()
            .filter(|id| !had.contains(id))
            .map(|id| (id, tag_id))
            .collect();
        let n = new.len();
        add_missing(conn, new)?;
        Ok(n)
    })
}

fn tag_id_pairs(contact_id: i64, tag_ids: &[i64]) -> Vec<(i64, i64)> {
    let mut pairs: Vec<(i64, i64)> = tag_ids.iter().map(|t| (contact_id, *t)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Inserts the (contact, tag) pairs that are not there yet.
fn add_missing(conn: &mut DbConn, pairs: Vec<(i64, i64)>) -> Result<()> {
    for (contact_id, tag_id) in pairs {
        let there = contact_tags::table
            .find((contact_id, tag_id))
            .count()
            .get_result::<i64>(conn)?;
        if there == 0 {
            diesel::insert_into(contact_tags::table)
                .values((
                    contact_tags::contact_id.eq(contact_id),
                    contact_tags::tag_id.eq(tag_id),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn check_tags_exist(conn: &mut DbConn, tag_ids: &[i64]) -> Result<()> {
    let mut wanted = tag_ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let found = tags::table
        .filter(tags::id.eq_any(&wanted))
        .count()
        .get_result::<i64>(conn)?;
    if found as usize != wanted.len() {
        return Err(Error::invalid("tags", "contact_tag_unknown"));
    }
    Ok(())
}

/// The contact exists and was not anonymized.
fn editable(conn: &mut DbConn, contact_id: i64) -> Result<()> {
    super::contacts::editable(conn, contact_id).map(|_| ())
}

fn sort(list: &mut [Tag]) {
    list.sort_by(|a, b| {
        (b.is_group(), a.name.to_lowercase()).cmp(&(a.is_group(), b.name.to_lowercase()))
    });
}
