//! Memberships: recording one (with its dues in the books), editing it, deleting one
//! recorded by mistake (its dues reversed).

use chrono::NaiveDate;

use crate::App;
use crate::db::DbConn;
use crate::error::{Error, Result};
use crate::ledger::{self, EntryId, Posting, PostingLine, Purpose, SourceKey};
use crate::members::memberships::{self, Membership, MembershipInput};

/// The source kind of a membership's dues entry (`membership/{id}`).
pub const DUES_SOURCE: &str = "membership";

/// Records a membership paid by `contact_id`; `source` says where it was typed.
pub async fn create(
    app: &App,
    contact_id: i64,
    input: MembershipInput,
    source: memberships::Source,
    by: i64,
) -> Result<Membership> {
    super::write(app, move |c| {
        let membership = memberships::create(c, contact_id, &input, source, Some(by))?;
        book_dues(c, &membership, Some(by))?;
        Ok(membership)
    })
    .await
}

/// Saves an edit; the period is computed again from the date paid. When what the books hold of
/// it changed (the amount, the day paid, the way it was paid), its dues entry is reversed and
/// booked again: a validated entry is never edited.
pub async fn update(app: &App, id: i64, input: MembershipInput, by: i64) -> Result<Membership> {
    super::write(app, move |c| {
        let before = memberships::find(c, id)?;
        let after = memberships::update(c, id, &input, Some(by))?;
        let booked_as = |m: &Membership| (m.amount_cents, m.paid_on, m.starts_on, m.payment_method);
        if booked_as(&before) != booked_as(&after) {
            let reason =
                crate::i18n::Lang::Fr.t_args("ledger_dues_corrected_label", &[("id", id.into())]);
            let reversal = ledger::reverse(c, DUES_SOURCE, id, crate::db::now().date(), &reason)?;
            // Booked on the day paid when its year is open; when it is closed, the correction
            // goes where its reversal went (this year's books), not into a sealed year.
            let paid = after.paid_on.unwrap_or(after.starts_on);
            let open = ledger::years::covering(c, paid)?.is_some_and(|y| !y.is_closed());
            match reversal {
                Some(r) if !open => {
                    let day = ledger::entries::find(c, r)?.on_date;
                    book_dues_on(c, &after, Some(by), day)?;
                }
                _ => {
                    book_dues(c, &after, Some(by))?;
                }
            }
        }
        Ok(after)
    })
    .await
}

/// Deletes a membership recorded by mistake; answers whose it was.
pub async fn delete(app: &App, id: i64, by: i64) -> Result<i64> {
    super::write(app, move |c| {
        let m = memberships::find(c, id)?;
        memberships::delete(c, id, Some(by))?;
        let reason =
            crate::i18n::Lang::Fr.t_args("ledger_dues_reversed_label", &[("id", id.into())]);
        ledger::reverse(c, DUES_SOURCE, id, crate::db::now().date(), &reason)?;
        Ok(m.contact_id)
    })
    .await
}

/// Posts a membership's dues: 756 (cotisations) credited, the account of its payment method
/// debited, in the cash journal for cash and the bank's for the rest, under the source key
/// `membership/{id}`. Only when an open fiscal year covers the day it was paid: an association
/// that keeps no books here yet (no year), or a payment typed late for a closed year, records
/// the membership and posts nothing. A membership of 0 € posts nothing either. (The categories
/// have no "with counterpart" setting, so dues always go to 756, not to 7561/7562.)
/// The words of the books are French, the language of the FEC.
pub fn book_dues(
    c: &mut DbConn,
    membership: &Membership,
    by: Option<i64>,
) -> Result<Option<EntryId>> {
    book_dues_on(
        c,
        membership,
        by,
        membership.paid_on.unwrap_or(membership.starts_on),
    )
}

/// The dues entry of a membership, dated `day`.
fn book_dues_on(
    c: &mut DbConn,
    membership: &Membership,
    by: Option<i64>,
    day: NaiveDate,
) -> Result<Option<EntryId>> {
    let year = match ledger::years::covering(c, day)? {
        Some(year) if !year.is_closed() => year,
        _ => return Ok(None),
    };
    if membership.amount_cents <= 0 {
        return Ok(None);
    }
    let method = membership.payment_method;
    let treasury = ledger::account_for(c, &year, Purpose::Treasury(method))?;
    let dues = ledger::account_for(c, &year, Purpose::Dues)?;
    let contact = crate::members::contacts::find(c, membership.contact_id)?;
    let name = format!("{} {}", contact.first_name, contact.last_name);
    let label = crate::i18n::Lang::Fr.t_args("ledger_dues_label", &[("name", name.trim().into())]);
    let mut lines = vec![
        PostingLine::debit(&treasury, membership.amount_cents),
        PostingLine::credit(&dues, membership.amount_cents),
    ];
    for line in &mut lines {
        line.contact_id = Some(membership.contact_id);
    }
    let id = ledger::post(
        c,
        Posting {
            journal: ledger::purposes::journal_for(method),
            on_date: day,
            label,
            piece_ref: membership.receipt_number.clone().unwrap_or_default(),
            lines,
            source: Some(SourceKey::new(DUES_SOURCE, membership.id)),
            created_by: by,
            validate: true,
        },
    )?;
    Ok(Some(id))
}

/// What the domain would say of a new membership, without keeping it: a form that could not
/// be fully read shows the domain's mistakes with its own, all at once.
pub async fn create_verdict(
    app: &App,
    contact_id: i64,
    input: MembershipInput,
    source: memberships::Source,
    by: i64,
) -> Error {
    verdict(app, move |c| {
        memberships::create(c, contact_id, &input, source, Some(by))
    })
    .await
}

/// What the domain would say of an edit, without keeping it.
pub async fn update_verdict(app: &App, id: i64, input: MembershipInput, by: i64) -> Error {
    verdict(app, move |c| memberships::update(c, id, &input, Some(by))).await
}

/// The same call, in a transaction that is always rolled back.
async fn verdict<T: Send + 'static>(
    app: &App,
    f: impl FnOnce(&mut DbConn) -> Result<T> + Send + 'static,
) -> Error {
    let checked = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let outcome = f(c);
                // Never keep it: this is only a check.
                Err::<(), Error>(match outcome {
                    Ok(_) => Error::Invalid(Vec::new()),
                    Err(e) => e,
                })
            })
        })
        .await;
    match checked {
        Err(e) => e,
        Ok(()) => Error::Invalid(Vec::new()),
    }
}
