//! The books: fiscal years, entries typed in the dashboard or sent to the API, reversals,
//! drafts, closing a year, accounts an admin adds. (Entries caused by other use cases, such
//! as a membership's dues, are posted by those use cases in their own transaction.)

use chrono::NaiveDate;

use crate::App;
use crate::error::Result;
use crate::ledger::{
    self, EntryId, Posting,
    charts::{self, Account, NewAccount},
    closing::{self, Closing},
    entries::{self, Entry},
    years::{self, FiscalYear, YearInput},
};

pub async fn create_year(app: &App, input: YearInput) -> Result<FiscalYear> {
    super::write(app, move |c| years::create(c, &input)).await
}

/// Books an entry (validated, or a draft) and answers it.
pub async fn post(app: &App, posting: Posting) -> Result<Entry> {
    super::write(app, move |c| {
        let id = ledger::post(c, posting)?;
        entries::find(c, id)
    })
    .await
}

pub async fn validate(app: &App, id: EntryId) -> Result<Entry> {
    super::write(app, move |c| entries::validate(c, id)).await
}

pub async fn edit_draft(app: &App, id: EntryId, posting: Posting, by: i64) -> Result<Entry> {
    super::write(app, move |c| entries::edit_draft(c, id, posting, Some(by))).await
}

/// Corrects a validated entry by its reversal, dated `on_date`.
pub async fn reverse(app: &App, id: EntryId, on_date: NaiveDate, reason: String) -> Result<Entry> {
    super::write(app, move |c| {
        let reversal = entries::reverse_entry(c, id, on_date, &reason)?;
        entries::find(c, reversal)
    })
    .await
}

pub async fn close_year(app: &App, year_id: i64) -> Result<Closing> {
    super::write(app, move |c| closing::close(c, year_id)).await
}

pub async fn add_account(app: &App, chart_id: i64, input: NewAccount, by: i64) -> Result<Account> {
    super::write(app, move |c| {
        charts::add_account(c, chart_id, &input, Some(by))
    })
    .await
}

/// Books what a plain income or expense form says (a category, an amount, how it was paid).
pub async fn record_plain(app: &App, input: ledger::plain::PlainInput, by: i64) -> Result<Entry> {
    super::write(app, move |c| {
        let posting = ledger::plain::posting(c, &input, Some(by))?;
        let id = ledger::post(c, posting)?;
        entries::find(c, id)
    })
    .await
}
