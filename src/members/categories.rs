//! Membership categories: normal and reduced fees (`fixed`, with their amount), pay what you
//! want (`free`, with a minimum), and family (`family`, an amount for several people). A
//! category that is no longer offered is deactivated, never deleted: old memberships keep it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{DbConn, TextEnum, now, schema::membership_categories};
use crate::error::{Error, FieldError, Result};

/// How a category's fee is set.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum CategoryKind {
    /// A set amount (normal or reduced fee).
    Fixed,
    /// Pay what you want, above a minimum.
    Free,
    /// A set amount for several people.
    Family,
}

impl TextEnum for CategoryKind {
    const ALL: &'static [Self] = &[
        CategoryKind::Fixed,
        CategoryKind::Free,
        CategoryKind::Family,
    ];

    fn as_str(self) -> &'static str {
        match self {
            CategoryKind::Fixed => "fixed",
            CategoryKind::Free => "free",
            CategoryKind::Family => "family",
        }
    }
}

crate::stored_as_text!(CategoryKind);

/// A category's kind and amounts once checked: only the amount its kind uses is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedCategory {
    pub kind: CategoryKind,
    pub amount_cents: Option<i64>,
    pub min_cents: Option<i64>,
}

/// The largest amount a category or a membership may have: 100,000.00 €. Beyond is a typo.
pub const MAX_CENTS: i64 = 10_000_000;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = membership_categories)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub kind: CategoryKind,
    /// The fee of a fixed or family category, in cents.
    pub amount_cents: Option<i64>,
    /// The least a pay-what-you-want membership may be, in cents.
    pub min_cents: Option<i64>,
    /// Offered for new memberships.
    pub active: bool,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

impl Category {
    pub fn is_family(&self) -> bool {
        self.kind == CategoryKind::Family
    }

    pub fn is_free(&self) -> bool {
        self.kind == CategoryKind::Free
    }

    /// The amount to propose in a membership form.
    pub fn proposed_cents(&self) -> Option<i64> {
        if self.is_free() {
            self.min_cents
        } else {
            self.amount_cents
        }
    }
}

/// A category as typed in the form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CategoryInput {
    #[serde(default)]
    pub name: String,
    /// `fixed`, `free` or `family`.
    #[serde(default)]
    pub kind: String,
    /// For `fixed` and `family`: the fee, in cents.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    /// For `free`: the least one may pay, in cents (0 for none).
    #[serde(default)]
    pub min_cents: Option<i64>,
}

impl CategoryInput {
    /// Checks every field at once; returns the kind and the amounts to keep.
    pub fn check(&self) -> Result<CheckedCategory> {
        let mut errors = Vec::new();
        let mut push = |field, code| errors.push(FieldError { field, code });
        let name = self.name.trim();
        if name.is_empty() {
            push("name", "required");
        } else if name.chars().count() > 100 {
            push("name", "too_long");
        }
        let in_range = |cents: i64| (0..=MAX_CENTS).contains(&cents);
        let mut amounts = (None, None);
        let kind = CategoryKind::parse(self.kind.trim());
        match kind {
            Some(CategoryKind::Fixed | CategoryKind::Family) => match self.amount_cents {
                Some(cents) if in_range(cents) => amounts.0 = Some(cents),
                Some(_) => push("amount", "membership_amount_invalid"),
                None => push("amount", "membership_category_amount_required"),
            },
            Some(CategoryKind::Free) => match self.min_cents.unwrap_or(0) {
                cents if in_range(cents) => amounts.1 = Some(cents),
                _ => push("min", "membership_amount_invalid"),
            },
            None => push("kind", "membership_category_kind_invalid"),
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(CheckedCategory {
                kind,
                amount_cents: amounts.0,
                min_cents: amounts.1,
            }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// Every category, in the order the treasurer chose.
pub fn all(conn: &mut DbConn) -> Result<Vec<Category>> {
    Ok(membership_categories::table
        .order((
            membership_categories::position.asc(),
            membership_categories::id.asc(),
        ))
        .select(Category::as_select())
        .load(conn)?)
}

/// The categories offered for new memberships.
pub fn active(conn: &mut DbConn) -> Result<Vec<Category>> {
    Ok(all(conn)?.into_iter().filter(|c| c.active).collect())
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Category> {
    membership_categories::table
        .find(id)
        .select(Category::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Adds a category at the end of the list, offered at once.
pub fn create(conn: &mut DbConn, input: &CategoryInput) -> Result<Category> {
    let checked = input.check()?;
    crate::db::transaction(conn, |c| {
        let last: Option<i32> = membership_categories::table
            .select(diesel::dsl::max(membership_categories::position))
            .first(c)?;
        let id: i64 = diesel::insert_into(membership_categories::table)
            .values((
                membership_categories::name.eq(input.name.trim()),
                membership_categories::kind.eq(checked.kind),
                membership_categories::amount_cents.eq(checked.amount_cents),
                membership_categories::min_cents.eq(checked.min_cents),
                membership_categories::active.eq(true),
                membership_categories::position.eq(last.unwrap_or(0) + 1),
                membership_categories::created_at.eq(now()),
            ))
            .returning(membership_categories::id)
            .get_result(c)?;
        find(c, id)
    })
}

/// Changes a category's name, kind or amounts. Memberships already recorded keep their amount.
pub fn update(conn: &mut DbConn, id: i64, input: &CategoryInput) -> Result<Category> {
    let checked = input.check()?;
    let changed = diesel::update(membership_categories::table.find(id))
        .set((
            membership_categories::name.eq(input.name.trim()),
            membership_categories::kind.eq(checked.kind),
            membership_categories::amount_cents.eq(checked.amount_cents),
            membership_categories::min_cents.eq(checked.min_cents),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    find(conn, id)
}

/// Offers the category again, or stops offering it for new memberships.
pub fn set_active(conn: &mut DbConn, id: i64, active: bool) -> Result<Category> {
    let changed = diesel::update(membership_categories::table.find(id))
        .set(membership_categories::active.eq(active))
        .execute(conn)?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    find(conn, id)
}

/// Moves a category one place up (earlier) or down in the list.
pub fn move_one(conn: &mut DbConn, id: i64, up: bool) -> Result<()> {
    crate::db::transaction(conn, |c| {
        let mut list = all(c)?;
        let Some(at) = list.iter().position(|cat| cat.id == id) else {
            return Err(Error::NotFound);
        };
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        let Some(other) = other.filter(|o| *o < list.len()) else {
            return Ok(());
        };
        list.swap(at, other);
        // Renumber the whole list: positions stay distinct even if they were not before.
        for (n, cat) in list.iter().enumerate() {
            let position = n as i32 + 1;
            if cat.position != position {
                diesel::update(membership_categories::table.find(cat.id))
                    .set(membership_categories::position.eq(position))
                    .execute(c)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXED: &str = "fixed";
    const FREE: &str = "free";
    const FAMILY: &str = "family";

    fn input(kind: &str, amount: Option<i64>, min: Option<i64>) -> CategoryInput {
        CategoryInput {
            name: "Normale".into(),
            kind: kind.into(),
            amount_cents: amount,
            min_cents: min,
        }
    }

    fn amounts(checked: CheckedCategory) -> (Option<i64>, Option<i64>) {
        (checked.amount_cents, checked.min_cents)
    }

    #[test]
    fn each_kind_keeps_only_the_amount_it_uses() {
        assert_eq!(
            input(FAMILY, Some(4000), None).check().unwrap().kind,
            CategoryKind::Family
        );
        assert_eq!(
            amounts(input(FIXED, Some(2500), Some(100)).check().unwrap()),
            (Some(2500), None)
        );
        assert_eq!(
            amounts(input(FREE, Some(2500), Some(100)).check().unwrap()),
            (None, Some(100))
        );
        assert_eq!(
            amounts(input(FREE, None, None).check().unwrap()),
            (None, Some(0))
        );
        assert_eq!(
            amounts(input(FAMILY, Some(4000), None).check().unwrap()),
            (Some(4000), None)
        );
    }

    #[test]
    fn a_fixed_fee_needs_a_sensible_amount_and_a_kind_must_be_known() {
        assert!(input(FIXED, None, None).check().is_err());
        assert!(input(FIXED, Some(-1), None).check().is_err());
        assert!(input(FAMILY, Some(MAX_CENTS + 1), None).check().is_err());
        assert!(input(FREE, None, Some(-5)).check().is_err());
        assert!(input("donation", Some(10), None).check().is_err());
        let Err(Error::Invalid(errors)) = CategoryInput::default().check() else {
            panic!("an empty category must be refused")
        };
        assert_eq!(errors.len(), 2);
    }
}
