//! The rules of a balanced entry, with no database: at least two lines, each on one side
//! only with an amount above zero, the debits equal to the credits.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The largest amount of one line: 1,000,000,000.00 €. Beyond is a typo, and sums stay far
/// from overflowing.
pub const MAX_LINE_CENTS: i64 = 100_000_000_000;

/// One line of an entry as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingLine {
    pub account: String,
    #[serde(default)]
    pub debit_cents: i64,
    #[serde(default)]
    pub credit_cents: i64,
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// A project tag ("yoga"), empty for none.
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub label: String,
}

impl PostingLine {
    pub fn debit(account: &str, cents: i64) -> PostingLine {
        PostingLine {
            account: account.to_string(),
            debit_cents: cents,
            ..PostingLine::default()
        }
    }

    pub fn credit(account: &str, cents: i64) -> PostingLine {
        PostingLine {
            account: account.to_string(),
            credit_cents: cents,
            ..PostingLine::default()
        }
    }
}

/// Checks the lines; all mistakes at once. Fields are `lines` (the entry as a whole) and
/// `lines[i]` is not used: a line's mistake names the line's field (`amount`, `account`).
pub fn check(lines: &[PostingLine]) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut push = |field, code| {
        let e = FieldError { field, code };
        if !errors.contains(&e) {
            errors.push(e);
        }
    };
    if lines.len() < 2 {
        push("lines", "ledger_entry_too_few_lines");
    }
    let (mut debits, mut credits) = (0i64, 0i64);
    for line in lines {
        let (d, c) = (line.debit_cents, line.credit_cents);
        if d < 0 || c < 0 {
            push("amount", "ledger_line_negative");
        } else if d > MAX_LINE_CENTS || c > MAX_LINE_CENTS {
            push("amount", "ledger_line_too_large");
        } else if (d == 0) == (c == 0) {
            push("amount", "ledger_line_one_side");
        } else {
            debits += d;
            credits += c;
        }
        if !super::charts::is_account_number(line.account.trim()) {
            push("account", "ledger_account_unknown");
        }
        if line.project.chars().count() > 100 || line.label.chars().count() > 200 {
            push("lines", "too_long");
        }
    }
    if errors.is_empty() && debits != credits {
        errors.push(FieldError {
            field: "lines",
            code: "ledger_entry_unbalanced",
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The same lines, each on the other side: what a reversal books.
pub fn swapped(lines: &[PostingLine]) -> Vec<PostingLine> {
    lines
        .iter()
        .map(|l| PostingLine {
            debit_cents: l.credit_cents,
            credit_cents: l.debit_cents,
            ..l.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(lines: &[PostingLine]) -> Vec<&'static str> {
        match check(lines) {
            Ok(()) => vec![],
            Err(e) => e.into_iter().map(|f| f.code).collect(),
        }
    }

    #[test]
    fn a_balanced_entry_of_two_lines_passes() {
        let lines = [
            PostingLine::debit("512", 2500),
            PostingLine::credit("756", 2500),
        ];
        assert_eq!(codes(&lines), Vec::<&str>::new());
        let split = [
            PostingLine::debit("6061", 10_000),
            PostingLine::debit("626", 2_050),
            PostingLine::credit("512", 12_050),
        ];
        assert_eq!(codes(&split), Vec::<&str>::new());
    }

    #[test]
    fn unbalanced_one_line_two_sided_empty_and_negative_lines_are_refused() {
        let unbalanced = [
            PostingLine::debit("512", 2500),
            PostingLine::credit("756", 2400),
        ];
        assert_eq!(codes(&unbalanced), ["ledger_entry_unbalanced"]);
        assert_eq!(
            codes(&[PostingLine::debit("512", 2500)]),
            ["ledger_entry_too_few_lines"]
        );
        let mut both = PostingLine::debit("512", 100);
        both.credit_cents = 100;
        assert_eq!(
            codes(&[both, PostingLine::credit("756", 0)]),
            ["ledger_line_one_side"]
        );
        let negative = [
            PostingLine::debit("512", -100),
            PostingLine::credit("756", -100),
        ];
        assert_eq!(codes(&negative), ["ledger_line_negative"]);
        let huge = [
            PostingLine::debit("512", MAX_LINE_CENTS + 1),
            PostingLine::credit("756", MAX_LINE_CENTS + 1),
        ];
        assert_eq!(codes(&huge), ["ledger_line_too_large"]);
        let bad_account = [
            PostingLine::debit("5x2", 100),
            PostingLine::credit("756", 100),
        ];
        assert_eq!(codes(&bad_account), ["ledger_account_unknown"]);
    }

    #[test]
    fn a_reversal_swaps_every_line() {
        let lines = [
            PostingLine::debit("512", 2500),
            PostingLine::credit("756", 2500),
        ];
        let back = swapped(&lines);
        assert_eq!(back[0].credit_cents, 2500);
        assert_eq!(back[0].debit_cents, 0);
        assert_eq!(back[1].debit_cents, 2500);
        assert!(check(&back).is_ok());
    }
}
