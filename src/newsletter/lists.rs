//! Newsletter lists: the public newsletter (on the website's form, double opt-in), private
//! lists whose people an admin adds, and the members' list (members are on it by their
//! membership). Each list has its counts of confirmed, pending and unsubscribed people.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{
    DbConn, TextEnum, now,
    schema::{campaign_lists, newsletter_lists, subscriptions},
};
use crate::error::{Error, FieldError, Result};

/// The kinds of list (`newsletter_lists.kind`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// On the public form; people subscribe themselves and confirm by mail.
    Public,
    /// People an admin adds (a committee, the volunteers).
    Private,
    /// Current members, subscribed by their membership when a campaign is sent.
    Members,
}

impl TextEnum for ListKind {
    const ALL: &'static [Self] = &[ListKind::Public, ListKind::Private, ListKind::Members];

    fn as_str(self) -> &'static str {
        match self {
            ListKind::Public => "public",
            ListKind::Private => "private",
            ListKind::Members => "members",
        }
    }
}

crate::stored_as_text!(ListKind);

/// A subscription's status (`subscriptions.status`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    /// Waiting for the click on the confirmation link; nothing else is ever sent to it.
    Pending,
    Confirmed,
    Unsubscribed,
}

impl TextEnum for SubscriptionStatus {
    const ALL: &'static [Self] = &[
        SubscriptionStatus::Pending,
        SubscriptionStatus::Confirmed,
        SubscriptionStatus::Unsubscribed,
    ];

    fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Pending => "pending",
            SubscriptionStatus::Confirmed => "confirmed",
            SubscriptionStatus::Unsubscribed => "unsubscribed",
        }
    }
}

crate::stored_as_text!(SubscriptionStatus);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = newsletter_lists)]
pub struct List {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub kind: ListKind,
    pub created_at: NaiveDateTime,
}

impl List {
    pub fn is_public(&self) -> bool {
        self.kind == ListKind::Public
    }
}

/// How many people a list has, by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub confirmed: i64,
    pub pending: i64,
    pub unsubscribed: i64,
}

/// A list with its counts.
#[derive(Debug, Clone)]
pub struct ListSummary {
    pub list: List,
    pub counts: Counts,
}

/// What the list form (or a JSON body) holds.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ListInput {
    #[serde(default)]
    pub name: String,
    /// Made from the name when empty.
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    /// `public`, `private` or `members`.
    #[serde(default)]
    pub kind: String,
}

impl ListInput {
    /// Every mistake at once; returns the slug and the kind to use.
    fn check(&self) -> Result<(String, ListKind)> {
        let mut errors = Vec::new();
        let mut push = |field, code| errors.push(FieldError { field, code });
        let name = self.name.trim();
        if name.is_empty() {
            push("name", "required");
        } else if name.chars().count() > 120 {
            push("name", "too_long");
        }
        if self.description.trim().chars().count() > 2000 {
            push("description", "too_long");
        }
        let kind = ListKind::parse(&self.kind);
        if kind.is_none() {
            push("kind", "list_kind_invalid");
        }
        let slug = match self.slug.trim() {
            "" => crate::site::slugs::from_title(name, "list"),
            typed => typed.to_string(),
        };
        if !crate::site::slugs::is_valid(&slug) {
            push("slug", "slug_invalid");
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok((slug, kind)),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// Every list, in the order they were made.
pub fn all(conn: &mut DbConn) -> Result<Vec<List>> {
    Ok(newsletter_lists::table
        .order(newsletter_lists::id.asc())
        .select(List::as_select())
        .load(conn)?)
}

/// The lists people can subscribe to on the public form.
pub fn public(conn: &mut DbConn) -> Result<Vec<List>> {
    Ok(newsletter_lists::table
        .filter(newsletter_lists::kind.eq(ListKind::Public))
        .order(newsletter_lists::id.asc())
        .select(List::as_select())
        .load(conn)?)
}

/// Every list with its counts, in one query for the counts.
pub fn all_with_counts(conn: &mut DbConn) -> Result<Vec<ListSummary>> {
    let lists = all(conn)?;
    let rows: Vec<(i64, SubscriptionStatus, i64)> = subscriptions::table
        .group_by((subscriptions::list_id, subscriptions::status))
        .select((
            subscriptions::list_id,
            subscriptions::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    Ok(lists
        .into_iter()
        .map(|list| {
            let mut counts = Counts::default();
            for (list_id, st, n) in &rows {
                if *list_id == list.id {
                    add(&mut counts, *st, *n);
                }
            }
            ListSummary { list, counts }
        })
        .collect())
}

fn add(counts: &mut Counts, st: SubscriptionStatus, n: i64) {
    match st {
        SubscriptionStatus::Confirmed => counts.confirmed += n,
        SubscriptionStatus::Pending => counts.pending += n,
        SubscriptionStatus::Unsubscribed => counts.unsubscribed += n,
    }
}

/// One list's counts.
pub fn counts(conn: &mut DbConn, id: i64) -> Result<Counts> {
    let rows: Vec<(SubscriptionStatus, i64)> = subscriptions::table
        .filter(subscriptions::list_id.eq(id))
        .group_by(subscriptions::status)
        .select((subscriptions::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = Counts::default();
    for (st, n) in rows {
        add(&mut counts, st, n);
    }
    Ok(counts)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<List> {
    newsletter_lists::table
        .find(id)
        .select(List::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<List> {
    newsletter_lists::table
        .filter(newsletter_lists::slug.eq(slug))
        .select(List::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Makes a list. A slug already used by another list is refused on the slug field.
pub fn create(conn: &mut DbConn, input: &ListInput) -> Result<List> {
    let (slug, kind) = input.check()?;
    crate::db::transaction(conn, |c| {
        refuse_taken_slug(c, &slug, None)?;
        let id: i64 = diesel::insert_into(newsletter_lists::table)
            .values((
                newsletter_lists::slug.eq(&slug),
                newsletter_lists::name.eq(input.name.trim()),
                newsletter_lists::description.eq(input.description.trim()),
                newsletter_lists::kind.eq(kind),
                newsletter_lists::created_at.eq(now()),
            ))
            .returning(newsletter_lists::id)
            .get_result(c)
            .map_err(taken_on_race)?;
        find(c, id)
    })
}

/// Saves an edit of a list. Its subscribers stay as they are.
pub fn update(conn: &mut DbConn, id: i64, input: &ListInput) -> Result<List> {
    let (slug, kind) = input.check()?;
    crate::db::transaction(conn, |c| {
        find(c, id)?;
        refuse_taken_slug(c, &slug, Some(id))?;
        diesel::update(newsletter_lists::table.find(id))
            .set((
                newsletter_lists::slug.eq(&slug),
                newsletter_lists::name.eq(input.name.trim()),
                newsletter_lists::description.eq(input.description.trim()),
                newsletter_lists::kind.eq(kind),
            ))
            .execute(c)
            .map_err(taken_on_race)?;
        find(c, id)
    })
}

/// Deletes a list and its subscriptions (the consent log stays). Refused while a campaign
/// (sent or not) names it, so that a campaign's history keeps its lists.
pub fn delete(conn: &mut DbConn, id: i64) -> Result<()> {
    crate::db::transaction(conn, |c| {
        find(c, id)?;
        if used_by_campaigns(c, id)? > 0 {
            return Err(Error::conflict("error_list_used"));
        }
        diesel::delete(subscriptions::table.filter(subscriptions::list_id.eq(id))).execute(c)?;
        diesel::delete(newsletter_lists::table.find(id)).execute(c)?;
        Ok(())
    })
}

/// How many campaigns name this list.
pub fn used_by_campaigns(conn: &mut DbConn, id: i64) -> Result<i64> {
    Ok(campaign_lists::table
        .filter(campaign_lists::list_id.eq(id))
        .count()
        .get_result(conn)?)
}

fn refuse_taken_slug(conn: &mut DbConn, slug: &str, except: Option<i64>) -> Result<()> {
    let other: Option<i64> = newsletter_lists::table
        .filter(newsletter_lists::slug.eq(slug))
        .select(newsletter_lists::id)
        .first(conn)
        .optional()?;
    match other {
        Some(other) if Some(other) != except => Err(Error::invalid("slug", "list_slug_taken")),
        _ => Ok(()),
    }
}

fn taken_on_race(e: diesel::result::Error) -> Error {
    if crate::db::is_unique_violation(&e) {
        Error::invalid("slug", "list_slug_taken")
    } else {
        e.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_needs_a_name_a_known_kind_and_a_clean_slug() {
        let empty = ListInput::default();
        let Err(Error::Invalid(errors)) = empty.check() else {
            panic!("an empty list is refused")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert!(
            fields.contains(&"name") && fields.contains(&"kind"),
            "{fields:?}"
        );

        let ok = ListInput {
            name: "Bénévoles de l'été".into(),
            kind: ListKind::Private.as_str().into(),
            ..Default::default()
        };
        assert_eq!(
            ok.check().unwrap(),
            ("benevoles-de-l-ete".to_string(), ListKind::Private)
        );

        let bad_slug = ListInput {
            slug: "Pas bon".into(),
            ..ok
        };
        assert!(bad_slug.check().is_err());
    }
}
