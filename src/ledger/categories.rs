//! The everyday categories: what a volunteer picks in the plain income and expense forms
//! ("energy", "room hire"), each mapped to an account on each chart, so that nobody has to
//! know account numbers unless they open the split form for accountants. Their names are the
//! catalogue messages `ledger_category_{key}`.

use diesel::prelude::*;
use serde::Serialize;

use super::charts::{PCA_2018, PCA_2025};
use crate::db::{
    DbConn, TextEnum,
    schema::{charts, ledger_categories},
};
use crate::error::{Error, Result};

/// Money coming in, or going out.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum CategoryKind {
    Income,
    Expense,
}

impl TextEnum for CategoryKind {
    const ALL: &'static [Self] = &[CategoryKind::Income, CategoryKind::Expense];

    fn as_str(self) -> &'static str {
        match self {
            CategoryKind::Income => "income",
            CategoryKind::Expense => "expense",
        }
    }
}

crate::stored_as_text!(CategoryKind);

/// The shipped categories: key, kind, account on the PCA 2018, account on the PCA 2025.
pub const SHIPPED: &[(&str, CategoryKind, &str, &str)] = &[
    ("dues", CategoryKind::Income, "756", "756"),
    ("donations", CategoryKind::Income, "7541", "7541"),
    ("subsidies", CategoryKind::Income, "740", "741"),
    ("workshops", CategoryKind::Income, "706", "706"),
    ("events", CategoryKind::Income, "7780", "7780"),
    ("bar", CategoryKind::Income, "707", "707"),
    ("room_hire", CategoryKind::Income, "7083", "7083"),
    ("interest", CategoryKind::Income, "768", "768"),
    ("other_income", CategoryKind::Income, "7588", "7588"),
    ("instructors", CategoryKind::Expense, "6226", "6226"),
    ("rent", CategoryKind::Expense, "6132", "6132"),
    ("energy", CategoryKind::Expense, "6061", "6061"),
    ("supplies", CategoryKind::Expense, "6068", "6068"),
    ("small_equipment", CategoryKind::Expense, "6063", "6063"),
    ("office_supplies", CategoryKind::Expense, "6064", "6064"),
    ("bar_purchases", CategoryKind::Expense, "607", "607"),
    ("insurance", CategoryKind::Expense, "616", "616"),
    ("bank_charges", CategoryKind::Expense, "627", "627"),
    ("telecoms", CategoryKind::Expense, "626", "626"),
    ("publicity", CategoryKind::Expense, "623", "623"),
    ("travel", CategoryKind::Expense, "6251", "6251"),
    ("receptions", CategoryKind::Expense, "6257", "6257"),
    ("author_rights", CategoryKind::Expense, "6516", "6516"),
    ("federation_dues", CategoryKind::Expense, "6586", "6281"),
    ("other_expense", CategoryKind::Expense, "628", "628"),
];

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = ledger_categories)]
pub struct Category {
    pub id: i64,
    pub key: String,
    pub kind: CategoryKind,
    pub chart_id: i64,
    pub account_number: String,
    pub position: i32,
}

impl Category {
    /// The catalogue message of its name.
    pub fn message_key(&self) -> String {
        format!("ledger_category_{}", self.key)
    }
}

/// Writes the shipped categories missing on the shipped charts (called by `charts::install`).
pub(super) fn install(conn: &mut DbConn) -> Result<()> {
    for (code, column) in [(PCA_2018, 0), (PCA_2025, 1)] {
        let Some(chart_id) = charts::table
            .filter(charts::code.eq(code))
            .select(charts::id)
            .first::<i64>(conn)
            .optional()?
        else {
            continue;
        };
        let known: Vec<String> = ledger_categories::table
            .filter(ledger_categories::chart_id.eq(chart_id))
            .select(ledger_categories::key)
            .load(conn)?;
        for (position, (key, kind, pca_2018, pca_2025)) in SHIPPED.iter().enumerate() {
            if known.iter().any(|k| k == key) {
                continue;
            }
            let account = if column == 0 { pca_2018 } else { pca_2025 };
            diesel::insert_into(ledger_categories::table)
                .values((
                    ledger_categories::key.eq(key),
                    ledger_categories::kind.eq(kind),
                    ledger_categories::chart_id.eq(chart_id),
                    ledger_categories::account_number.eq(account),
                    ledger_categories::position.eq(position as i32),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The categories of a chart, of one kind, in their order.
pub fn list(conn: &mut DbConn, chart_id: i64, kind: CategoryKind) -> Result<Vec<Category>> {
    Ok(ledger_categories::table
        .filter(ledger_categories::chart_id.eq(chart_id))
        .filter(ledger_categories::kind.eq(kind))
        .order(ledger_categories::position)
        .select(Category::as_select())
        .load(conn)?)
}

/// The category of that key on a chart; an unknown key is a field mistake.
pub fn find(conn: &mut DbConn, chart_id: i64, key: &str) -> Result<Category> {
    ledger_categories::table
        .filter(ledger_categories::chart_id.eq(chart_id))
        .filter(ledger_categories::key.eq(key))
        .select(Category::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::invalid("category", "ledger_category_invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::charts;

    #[test]
    fn every_category_books_to_an_account_of_each_chart_of_its_side() {
        let pca_2018 = charts::parse(charts::SHIPPED[0].2).unwrap();
        let pca_2025 = charts::parse(charts::SHIPPED[1].2).unwrap();
        for (key, kind, a2018, a2025) in SHIPPED {
            for (chart, number) in [(&pca_2018, a2018), (&pca_2025, a2025)] {
                let account = chart.iter().find(|a| a.number == *number);
                let account = account.unwrap_or_else(|| panic!("{key}: no {number}"));
                let class = if *kind == CategoryKind::Income {
                    '7'
                } else {
                    '6'
                };
                assert!(account.number.starts_with(class), "{key}: {number}");
            }
        }
        let keys: std::collections::HashSet<_> = SHIPPED.iter().map(|c| c.0).collect();
        assert_eq!(keys.len(), SHIPPED.len(), "a key is listed twice");
    }
}
