//! The income statement (compte de résultat) of a year in the layout of ANC 2018-06:
//! operating income (70 to 75, 781, 791) and expenses (60 to 65, 681), financial (76, 786,
//! 796 / 66, 686), exceptional (77, 787, 797 / 67, 687), taxes on profits (69), the dedicated
//! funds (789 / 689), and the contributions in kind (87 / 86) shown apart, outside the
//! result. The previous year stands beside it when there is one.

use std::collections::BTreeMap;

use super::{labels, sums};
use crate::db::DbConn;
use crate::error::Result;
use crate::ledger::years::{self, FiscalYear};

/// The parts of the statement, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    OperatingIncome,
    OperatingExpenses,
    FinancialIncome,
    FinancialExpenses,
    ExceptionalIncome,
    ExceptionalExpenses,
    Taxes,
    DedicatedFundsIncome,
    DedicatedFundsExpenses,
    InKindIncome,
    InKindExpenses,
}

impl Part {
    pub const ALL: [Part; 11] = [
        Part::OperatingIncome,
        Part::OperatingExpenses,
        Part::FinancialIncome,
        Part::FinancialExpenses,
        Part::ExceptionalIncome,
        Part::ExceptionalExpenses,
        Part::Taxes,
        Part::DedicatedFundsIncome,
        Part::DedicatedFundsExpenses,
        Part::InKindIncome,
        Part::InKindExpenses,
    ];

    /// Where an account goes; `None` for the balance-sheet accounts (classes 1 to 5).
    pub fn of(account: &str) -> Option<Part> {
        let starts = |p: &str| account.starts_with(p);
        Some(match account.as_bytes().first()? {
            b'7' if starts("76") || starts("786") || starts("796") => Part::FinancialIncome,
            b'7' if starts("77") || starts("787") || starts("797") => Part::ExceptionalIncome,
            b'7' if starts("789") => Part::DedicatedFundsIncome,
            b'7' => Part::OperatingIncome,
            b'6' if starts("66") || starts("686") => Part::FinancialExpenses,
            b'6' if starts("67") || starts("687") => Part::ExceptionalExpenses,
            b'6' if starts("689") => Part::DedicatedFundsExpenses,
            b'6' if starts("69") => Part::Taxes,
            b'6' => Part::OperatingExpenses,
            b'8' if starts("87") => Part::InKindIncome,
            b'8' if starts("86") => Part::InKindExpenses,
            _ => return None,
        })
    }

    pub fn is_income(self) -> bool {
        matches!(
            self,
            Part::OperatingIncome
                | Part::FinancialIncome
                | Part::ExceptionalIncome
                | Part::DedicatedFundsIncome
                | Part::InKindIncome
        )
    }

    /// The contributions in kind are shown, never counted in the result.
    pub fn in_result(self) -> bool {
        !matches!(self, Part::InKindIncome | Part::InKindExpenses)
    }

    /// The catalogue key of its title.
    pub fn message_key(self) -> &'static str {
        use crate::i18n::msg;
        match self {
            Part::OperatingIncome => msg("ledger_is_operating_income"),
            Part::OperatingExpenses => msg("ledger_is_operating_expenses"),
            Part::FinancialIncome => msg("ledger_is_financial_income"),
            Part::FinancialExpenses => msg("ledger_is_financial_expenses"),
            Part::ExceptionalIncome => msg("ledger_is_exceptional_income"),
            Part::ExceptionalExpenses => msg("ledger_is_exceptional_expenses"),
            Part::Taxes => msg("ledger_is_taxes"),
            Part::DedicatedFundsIncome => msg("ledger_is_dedicated_funds_income"),
            Part::DedicatedFundsExpenses => msg("ledger_is_dedicated_funds_expenses"),
            Part::InKindIncome => msg("ledger_is_in_kind_income"),
            Part::InKindExpenses => msg("ledger_is_in_kind_expenses"),
        }
    }
}

/// One account of a part: what it brought in (income) or cost (expenses), this year and the
/// year before (0 when it had none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub account: String,
    pub label: String,
    pub current_cents: i64,
    pub previous_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub part: Part,
    pub rows: Vec<Row>,
    pub current_cents: i64,
    pub previous_cents: i64,
}

#[derive(Debug, Clone)]
pub struct IncomeStatement {
    pub year: FiscalYear,
    /// The year just before, when there is one.
    pub previous: Option<FiscalYear>,
    /// Every part that has an account, in the layout's order.
    pub sections: Vec<Section>,
    /// Income minus expenses (the contributions in kind left out), this year and before.
    pub result_cents: i64,
    pub previous_result_cents: i64,
}

impl IncomeStatement {
    /// A part's totals (0 and 0 when it has no account).
    pub fn total(&self, part: Part) -> (i64, i64) {
        self.sections
            .iter()
            .find(|s| s.part == part)
            .map(|s| (s.current_cents, s.previous_cents))
            .unwrap_or((0, 0))
    }

    /// Income minus expenses of a pair of parts (operating, financial, exceptional).
    pub fn subtotal(&self, income: Part, expenses: Part) -> (i64, i64) {
        let (i, pi) = self.total(income);
        let (e, pe) = self.total(expenses);
        (i - e, pi - pe)
    }
}

pub fn of_year(conn: &mut DbConn, year: &FiscalYear) -> Result<IncomeStatement> {
    let previous = match year.starts_on.pred_opt() {
        Some(day) => years::covering(conn, day)?,
        None => None,
    };
    // account -> (this year, the year before), each signed as its part reads it.
    let mut amounts: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut add = |rows: Vec<super::Sums>, current: bool| {
        for s in rows {
            let Some(part) = Part::of(&s.account) else {
                continue;
            };
            let amount = if part.is_income() {
                s.credit_cents - s.debit_cents
            } else {
                s.debit_cents - s.credit_cents
            };
            let slot = amounts.entry(s.account).or_insert((0, 0));
            if current {
                slot.0 += amount;
            } else {
                slot.1 += amount;
            }
        }
    };
    add(sums(conn, year.id)?, true);
    if let Some(previous) = &previous {
        add(sums(conn, previous.id)?, false);
    }
    let numbers: Vec<&str> = amounts.keys().map(String::as_str).collect();
    let mut names = labels(conn, year.chart_id, &numbers)?;
    if let Some(previous) = &previous
        && previous.chart_id != year.chart_id
    {
        for (number, label) in labels(conn, previous.chart_id, &numbers)? {
            names.entry(number).or_insert(label);
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    for part in Part::ALL {
        let rows: Vec<Row> = amounts
            .iter()
            .filter(|(account, _)| Part::of(account) == Some(part))
            .map(|(account, (current, previous))| Row {
                account: account.clone(),
                label: names.get(account).cloned().unwrap_or_default(),
                current_cents: *current,
                previous_cents: *previous,
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        sections.push(Section {
            part,
            current_cents: rows.iter().map(|r| r.current_cents).sum(),
            previous_cents: rows.iter().map(|r| r.previous_cents).sum(),
            rows,
        });
    }
    let result = |pick: fn(&Section) -> i64| -> i64 {
        sections
            .iter()
            .filter(|s| s.part.in_result())
            .map(|s| {
                if s.part.is_income() {
                    pick(s)
                } else {
                    -pick(s)
                }
            })
            .sum()
    };
    let result_cents = result(|s| s.current_cents);
    let previous_result_cents = result(|s| s.previous_cents);
    Ok(IncomeStatement {
        year: year.clone(),
        previous,
        sections,
        result_cents,
        previous_result_cents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_go_to_the_parts_of_anc_2018_06() {
        assert_eq!(Part::of("756"), Some(Part::OperatingIncome));
        assert_eq!(Part::of("741"), Some(Part::OperatingIncome));
        assert_eq!(Part::of("781"), Some(Part::OperatingIncome));
        assert_eq!(Part::of("768"), Some(Part::FinancialIncome));
        assert_eq!(Part::of("786"), Some(Part::FinancialIncome));
        assert_eq!(Part::of("7788"), Some(Part::ExceptionalIncome));
        assert_eq!(Part::of("789"), Some(Part::DedicatedFundsIncome));
        assert_eq!(Part::of("6061"), Some(Part::OperatingExpenses));
        assert_eq!(Part::of("681"), Some(Part::OperatingExpenses));
        assert_eq!(Part::of("661"), Some(Part::FinancialExpenses));
        assert_eq!(Part::of("671"), Some(Part::ExceptionalExpenses));
        assert_eq!(Part::of("689"), Some(Part::DedicatedFundsExpenses));
        assert_eq!(Part::of("695"), Some(Part::Taxes));
        assert_eq!(Part::of("864"), Some(Part::InKindExpenses));
        assert_eq!(Part::of("875"), Some(Part::InKindIncome));
        assert_eq!(Part::of("512"), None);
        assert_eq!(Part::of("120"), None);
        assert!(!Part::InKindIncome.in_result());
        assert!(Part::Taxes.in_result() && !Part::Taxes.is_income());
    }
}
