//! The account a flow goes to: `account_for(conn, year, Purpose)`, from the year's chart and
//! the association's settings (`ledger_account_{purpose}` in the settings table overrides the
//! default, e.g. `ledger_account_treasury_card = 5115` when card payments wait for a payout).

use super::years::FiscalYear;
use crate::db::{DbConn, TextEnum};
use crate::error::{Error, Message, Result};
use crate::members::memberships::PaymentMethod;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Membership dues (756).
    Dues,
    /// A gift of money (7541, dons manuels).
    Gift,
    /// Costs a volunteer waived as a gift (75412).
    WaivedCosts,
    /// A ticket or a class paid (706).
    Ticket,
    /// Where money paid in that way lands: cash 530, cheque 5112, transfer and card 512,
    /// HelloAsso 5115 (a payout in transit), other 512.
    Treasury(PaymentMethod),
}

impl Purpose {
    /// The settings key that may override the default.
    fn setting(self) -> String {
        match self {
            Purpose::Dues => "ledger_account_dues".into(),
            Purpose::Gift => "ledger_account_gift".into(),
            Purpose::WaivedCosts => "ledger_account_waived_costs".into(),
            Purpose::Ticket => "ledger_account_ticket".into(),
            Purpose::Treasury(m) => format!("ledger_account_treasury_{}", m.as_str()),
        }
    }

    /// The default account, the same on both shipped charts.
    fn default_account(self) -> &'static str {
        match self {
            Purpose::Dues => "756",
            Purpose::Gift => "7541",
            Purpose::WaivedCosts => "75412",
            Purpose::Ticket => "706",
            Purpose::Treasury(PaymentMethod::Cash) => "530",
            Purpose::Treasury(PaymentMethod::Cheque) => "5112",
            Purpose::Treasury(PaymentMethod::Helloasso) => "5115",
            Purpose::Treasury(
                PaymentMethod::Transfer | PaymentMethod::Card | PaymentMethod::Other,
            ) => "512",
        }
    }
}

/// The account number a flow books to in that year; one the year's chart lacks is an error
/// that names it (a setting pointing at an account of another chart).
pub fn account_for(conn: &mut DbConn, year: &FiscalYear, purpose: Purpose) -> Result<String> {
    let number = crate::db::settings::get(conn, &purpose.setting())?
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| purpose.default_account().to_string());
    match super::charts::account(conn, year.chart_id, &number)? {
        Some(_) => Ok(number),
        None => Err(Error::Conflict(
            Message::new("ledger_account_missing").with("number", number),
        )),
    }
}

/// The journal money paid in that way is booked in: cash in the cash journal, the rest in the
/// bank's.
pub fn journal_for(method: PaymentMethod) -> super::JournalKind {
    match method {
        PaymentMethod::Cash => super::JournalKind::Cash,
        _ => super::JournalKind::Bank,
    }
}
