//! Charts of accounts: the shipped ones are data files (`src/ledger/data/`, embedded here) loaded
//! at start by [`install`]; the mappings move an account from one chart to the next; an admin
//! may add accounts of their own to a chart.

use diesel::prelude::*;
use serde::Serialize;

use super::Position;
use crate::db::{
    DbConn, TextEnum, now,
    schema::{account_mappings, chart_accounts, charts},
};
use crate::error::{Error, FieldError, Result};

pub const PCA_2018: &str = "fr_pca_2018";
pub const PCA_2025: &str = "fr_pca_2025";

/// The shipped charts: code, name, the data file.
pub const SHIPPED: &[(&str, &str, &str)] = &[
    (
        PCA_2018,
        "Plan comptable des associations (ANC 2018-06)",
        include_str!("data/fr_pca_2018.csv"),
    ),
    (
        PCA_2025,
        "Plan comptable des associations 2025 (ANC 2018-06 modifié, PCG 2025)",
        include_str!("data/fr_pca_2025.csv"),
    ),
];

/// The shipped mappings: from chart, to chart, the data file.
pub const MAPPINGS: &[(&str, &str, &str)] = &[(
    PCA_2018,
    PCA_2025,
    include_str!("data/fr_pca_2018_to_fr_pca_2025.csv"),
)];

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = charts)]
pub struct Chart {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = chart_accounts)]
pub struct Account {
    pub id: i64,
    pub chart_id: i64,
    pub number: String,
    pub label: String,
    pub position: Position,
    /// Who added it, for an account that is not shipped.
    pub added_by: Option<i64>,
}

/// One line of a chart's data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippedAccount {
    pub number: String,
    pub label: String,
    pub position: Position,
}

/// Reads a chart's data file: `number,label,position` after `#` comments. A line that cannot
/// be read is a mistake in the shipped data: the tests read every file.
pub fn parse(data: &str) -> std::result::Result<Vec<ShippedAccount>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(data.as_bytes());
    let mut out = Vec::new();
    for (at, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let (Some(number), Some(label), Some(position)) =
            (record.get(0), record.get(1), record.get(2))
        else {
            return Err(format!("record {}: three columns expected", at + 1));
        };
        let position = Position::parse(position)
            .ok_or_else(|| format!("record {}: unknown position {position:?}", at + 1))?;
        if !is_account_number(number) {
            return Err(format!("record {}: bad account number {number:?}", at + 1));
        }
        out.push(ShippedAccount {
            number: number.to_string(),
            label: label.to_string(),
            position,
        });
    }
    Ok(out)
}

/// Reads a mappings file: `from,to` after `#` comments.
pub fn parse_mappings(data: &str) -> std::result::Result<Vec<(String, String)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(data.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        match (record.get(0), record.get(1)) {
            (Some(from), Some(to)) if is_account_number(from) && is_account_number(to) => {
                out.push((from.to_string(), to.to_string()))
            }
            _ => return Err(format!("bad mapping {record:?}")),
        }
    }
    Ok(out)
}

/// An account number: digits, the first from 1 to 8 (the classes), at most 10 of them.
pub fn is_account_number(text: &str) -> bool {
    (1..=10).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_digit())
        && !text.starts_with(['0', '9'])
}

/// Loads the shipped charts and mappings that are not in the database yet. A chart already
/// there is left as it is (with the accounts an admin added). Runs at every start; cheap
/// once done. Two processes starting at once on a new database: the one refused by the
/// unique keys finds the other's work when it tries again.
pub fn install(conn: &mut DbConn) -> Result<()> {
    match install_missing(conn) {
        Err(Error::Db(crate::db::DbError::Query(e))) if crate::db::is_unique_violation(&e) => {
            install_missing(conn)
        }
        done => done,
    }
}

fn install_missing(conn: &mut DbConn) -> Result<()> {
    crate::db::transaction(conn, |c| {
        for (code, name, data) in SHIPPED {
            let exists: i64 = charts::table
                .filter(charts::code.eq(code))
                .count()
                .get_result(c)?;
            if exists > 0 {
                continue;
            }
            let accounts = parse(data).map_err(Error::internal)?;
            let chart_id: i64 = diesel::insert_into(charts::table)
                .values((charts::code.eq(code), charts::name.eq(name)))
                .returning(charts::id)
                .get_result(c)?;
            let rows: Vec<_> = accounts
                .iter()
                .map(|a| {
                    (
                        chart_accounts::chart_id.eq(chart_id),
                        chart_accounts::number.eq(a.number.clone()),
                        chart_accounts::label.eq(a.label.clone()),
                        chart_accounts::position.eq(a.position),
                    )
                })
                .collect();
            crate::db::insert_many(c, chart_accounts::table, rows)?;
        }
        for (from, to, data) in MAPPINGS {
            let exists: i64 = account_mappings::table
                .filter(account_mappings::from_chart.eq(from))
                .filter(account_mappings::to_chart.eq(to))
                .count()
                .get_result(c)?;
            if exists > 0 {
                continue;
            }
            let rows = complete_mappings(from, to, data)?;
            let rows: Vec<_> = rows
                .into_iter()
                .map(|(f, t)| {
                    (
                        account_mappings::from_chart.eq(*from),
                        account_mappings::from_number.eq(f),
                        account_mappings::to_chart.eq(*to),
                        account_mappings::to_number.eq(t),
                    )
                })
                .collect();
            crate::db::insert_many(c, account_mappings::table, rows)?;
        }
        super::categories::install(c)
    })
}

/// The explicit mappings of a file, plus, for every account of `from` that `to` lacks and the
/// file does not name, its longest prefix that `to` has.
fn complete_mappings(from: &str, to: &str, data: &str) -> Result<Vec<(String, String)>> {
    let shipped = |code: &str| -> Result<Vec<ShippedAccount>> {
        let data = SHIPPED
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, _, d)| *d)
            .ok_or_else(|| Error::internal(format!("no shipped chart {code}")))?;
        parse(data).map_err(Error::internal)
    };
    let old = shipped(from)?;
    let new: std::collections::HashSet<String> =
        shipped(to)?.into_iter().map(|a| a.number).collect();
    let mut out = parse_mappings(data).map_err(Error::internal)?;
    for account in old {
        if new.contains(&account.number) || out.iter().any(|(f, _)| *f == account.number) {
            continue;
        }
        let prefix = (1..account.number.len())
            .rev()
            .map(|n| &account.number[..n])
            .find(|p| new.contains(*p));
        if let Some(prefix) = prefix {
            out.push((account.number.clone(), prefix.to_string()));
        }
    }
    Ok(out)
}

pub fn by_code(conn: &mut DbConn, code: &str) -> Result<Chart> {
    Ok(charts::table
        .filter(charts::code.eq(code))
        .select(Chart::as_select())
        .first(conn)?)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Chart> {
    Ok(charts::table
        .find(id)
        .select(Chart::as_select())
        .first(conn)?)
}

pub fn all(conn: &mut DbConn) -> Result<Vec<Chart>> {
    Ok(charts::table
        .order(charts::id)
        .select(Chart::as_select())
        .load(conn)?)
}

/// A chart's accounts, in the order of their numbers as text (1, 10, 102...: the chart's
/// order).
pub fn accounts(conn: &mut DbConn, chart_id: i64) -> Result<Vec<Account>> {
    Ok(chart_accounts::table
        .filter(chart_accounts::chart_id.eq(chart_id))
        .order(chart_accounts::number)
        .select(Account::as_select())
        .load(conn)?)
}

/// The account of that number on that chart, if any.
pub fn account(conn: &mut DbConn, chart_id: i64, number: &str) -> Result<Option<Account>> {
    Ok(chart_accounts::table
        .filter(chart_accounts::chart_id.eq(chart_id))
        .filter(chart_accounts::number.eq(number))
        .select(Account::as_select())
        .first(conn)
        .optional()?)
}

/// Where an account of chart `from` goes on chart `to`: itself when `to` has it, else its
/// mapping.
pub fn map_account(conn: &mut DbConn, from: &Chart, to: &Chart, number: &str) -> Result<String> {
    if from.id == to.id || account(conn, to.id, number)?.is_some() {
        return Ok(number.to_string());
    }
    let mapped: Option<String> = account_mappings::table
        .filter(account_mappings::from_chart.eq(&from.code))
        .filter(account_mappings::from_number.eq(number))
        .filter(account_mappings::to_chart.eq(&to.code))
        .select(account_mappings::to_number)
        .first(conn)
        .optional()?;
    mapped.ok_or_else(|| {
        Error::Conflict(
            crate::error::Message::new("ledger_account_not_mapped")
                .with("number", number)
                .with("chart", &to.code),
        )
    })
}

/// An account an admin adds to a chart.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewAccount {
    pub number: String,
    pub label: String,
    /// asset, liability, asset_or_liability, expense, income
    pub position: String,
}

/// Adds an account to a chart: its number must be new there, and follow the chart's classes.
pub fn add_account(
    conn: &mut DbConn,
    chart_id: i64,
    input: &NewAccount,
    by: Option<i64>,
) -> Result<Account> {
    let number = input.number.trim();
    let label = input.label.trim();
    let mut errors = Vec::new();
    if !is_account_number(number) {
        errors.push(FieldError {
            field: "number",
            code: "ledger_account_number_invalid",
        });
    } else if account(conn, chart_id, number)?.is_some() {
        errors.push(FieldError {
            field: "number",
            code: "ledger_account_exists",
        });
    }
    if label.is_empty() || label.chars().count() > 200 {
        errors.push(FieldError {
            field: "label",
            code: "ledger_account_label_invalid",
        });
    }
    let position = Position::parse(input.position.trim()).filter(|p| *p != Position::Special);
    if position.is_none() {
        errors.push(FieldError {
            field: "position",
            code: "ledger_account_position_invalid",
        });
    }
    let Some(position) = position.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    find(conn, chart_id)?;
    let id: i64 = diesel::insert_into(chart_accounts::table)
        .values((
            chart_accounts::chart_id.eq(chart_id),
            chart_accounts::number.eq(number),
            chart_accounts::label.eq(label),
            chart_accounts::position.eq(position),
            chart_accounts::added_by.eq(by),
            chart_accounts::added_at.eq(Some(now())),
        ))
        .returning(chart_accounts::id)
        .get_result(conn)?;
    Ok(chart_accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_charts_read_whole_with_the_accounts_the_books_use() {
        for (code, _, data) in SHIPPED {
            let accounts = parse(data).unwrap();
            assert!(accounts.len() > 500, "{code}: {}", accounts.len());
            for number in [
                "512", "530", "5112", "5115", "756", "7541", "75412", "120", "129",
            ] {
                assert!(
                    accounts.iter().any(|a| a.number == number),
                    "{code} lacks {number}"
                );
            }
        }
        let pca_2018 = parse(SHIPPED[0].2).unwrap();
        let pca_2025 = parse(SHIPPED[1].2).unwrap();
        assert!(pca_2018.iter().any(|a| a.number == "740"));
        assert!(!pca_2025.iter().any(|a| a.number == "740"));
        assert!(pca_2025.iter().any(|a| a.number == "741"));
        assert!(pca_2025.iter().any(|a| a.number == "75413"));
        let dues = pca_2025.iter().find(|a| a.number == "756").unwrap();
        assert_eq!(dues.label, "Cotisations");
        assert_eq!(dues.position, Position::Income);
    }

    #[test]
    fn every_2018_account_has_a_place_on_the_2025_chart() {
        let (from, to, data) = MAPPINGS[0];
        let mapped = complete_mappings(from, to, data).unwrap();
        let find = |n: &str| mapped.iter().find(|(f, _)| f == n).map(|(_, t)| t.as_str());
        assert_eq!(find("740"), Some("741"));
        assert_eq!(find("6586"), Some("6281"));
        assert_eq!(find("6265"), Some("626"));
        let new: Vec<String> = parse(SHIPPED[1].2)
            .unwrap()
            .into_iter()
            .map(|a| a.number)
            .collect();
        for old in parse(SHIPPED[0].2).unwrap() {
            assert!(
                new.contains(&old.number) || find(&old.number).is_some(),
                "{} has no place",
                old.number
            );
        }
        for (_, to) in &mapped {
            assert!(new.contains(to), "{to} is not on the 2025 chart");
        }
    }

    #[test]
    fn account_numbers_are_digits_of_a_class() {
        assert!(is_account_number("512"));
        assert!(is_account_number("75412"));
        assert!(!is_account_number(""));
        assert!(!is_account_number("0512"));
        assert!(!is_account_number("9000"));
        assert!(!is_account_number("51a"));
        assert!(!is_account_number("12345678901"));
    }

    #[test]
    fn a_bad_line_in_a_data_file_is_an_error() {
        assert!(parse("number,label,position\n512,Banque,somewhere\n").is_err());
        assert!(parse("number,label,position\nabc,Banque,asset\n").is_err());
        assert_eq!(
            parse("# a comment\nnumber,label,position\n512,Banque,asset\n")
                .unwrap()
                .len(),
            1
        );
    }
}
