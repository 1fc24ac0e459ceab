//! The plain forms: "we received", "we paid". A volunteer picks a category, an amount, how it
//! was paid and a date; this makes the balanced entry (the category's account against the
//! account of the payment method), so that nobody needs to know an account number.

use chrono::NaiveDate;

use super::categories::{self, CategoryKind};
use super::entries::Posting;
use super::lines::{MAX_LINE_CENTS, PostingLine};
use super::purposes::{Purpose, account_for, journal_for};
use super::years;
use crate::db::{DbConn, TextEnum};
use crate::error::{Error, FieldError, Result};
use crate::members::memberships::PaymentMethod;

/// An income or an expense as typed.
#[derive(Debug, Clone)]
pub struct PlainInput {
    pub kind: CategoryKind,
    pub on_date: Option<NaiveDate>,
    /// A category's key (`energy`).
    pub category: String,
    pub amount_cents: Option<i64>,
    /// cash, cheque, transfer, card, helloasso, other
    pub method: String,
    pub label: String,
    pub piece_ref: String,
}

/// The validated entry the form stands for; every mistake at once.
pub fn posting(conn: &mut DbConn, input: &PlainInput, by: Option<i64>) -> Result<Posting> {
    let mut errors = Vec::new();
    let mut push = |field, code| errors.push(FieldError { field, code });
    let year = match input.on_date {
        None => {
            push("on_date", "ledger_date_required");
            None
        }
        Some(day) => match years::open_for(conn, day) {
            Ok(year) => Some(year),
            Err(Error::Invalid(e)) => {
                e.into_iter().for_each(|f| push(f.field, f.code));
                None
            }
            Err(e) => return Err(e),
        },
    };
    let amount = match input.amount_cents {
        None => {
            push("amount", "ledger_amount_required");
            None
        }
        Some(c) if c <= 0 || c > MAX_LINE_CENTS => {
            push("amount", "ledger_amount_positive");
            None
        }
        Some(c) => Some(c),
    };
    let method = PaymentMethod::parse(input.method.trim());
    if method.is_none() {
        push("method", "ledger_method_invalid");
    }
    let category = match &year {
        Some(year) => match categories::find(conn, year.chart_id, input.category.trim()) {
            Ok(c) if c.kind == input.kind => Some(c),
            Ok(_) | Err(Error::Invalid(_)) => {
                push("category", "ledger_category_invalid");
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    let (Some(year), Some(amount), Some(method), Some(category)) = (year, amount, method, category)
    else {
        return Err(Error::Invalid(errors));
    };
    // A cheque we write leaves the bank account; one we receive waits on 5112 to be paid in.
    let treasury = match (input.kind, method) {
        (CategoryKind::Expense, PaymentMethod::Cheque) => {
            account_for(conn, &year, Purpose::Treasury(PaymentMethod::Transfer))?
        }
        _ => account_for(conn, &year, Purpose::Treasury(method))?,
    };
    let lines = match input.kind {
        CategoryKind::Income => vec![
            PostingLine::debit(&treasury, amount),
            PostingLine::credit(&category.account_number, amount),
        ],
        CategoryKind::Expense => vec![
            PostingLine::debit(&category.account_number, amount),
            PostingLine::credit(&treasury, amount),
        ],
    };
    Ok(Posting {
        journal: journal_for(method),
        on_date: input.on_date.unwrap_or(year.starts_on),
        label: input.label.clone(),
        piece_ref: input.piece_ref.clone(),
        lines,
        source: None,
        created_by: by,
        validate: true,
    })
}
