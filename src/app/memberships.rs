//! Memberships: recording one, editing it, deleting one recorded by mistake.

use crate::App;
use crate::db::DbConn;
use crate::error::{Error, Result};
use crate::members::memberships::{self, Membership, MembershipInput};

/// Records a membership paid by `contact_id`; `source` says where it was typed.
pub async fn create(
    app: &App,
    contact_id: i64,
    input: MembershipInput,
    source: memberships::Source,
    by: i64,
) -> Result<Membership> {
    super::write(app, move |c| {
        memberships::create(c, contact_id, &input, source, Some(by))
    })
    .await
}

/// Saves an edit; the period is computed again from the date paid.
pub async fn update(app: &App, id: i64, input: MembershipInput, by: i64) -> Result<Membership> {
    super::write(app, move |c| memberships::update(c, id, &input, Some(by))).await
}

/// Deletes a membership recorded by mistake; answers whose it was.
pub async fn delete(app: &App, id: i64, by: i64) -> Result<i64> {
    super::write(app, move |c| {
        let m = memberships::find(c, id)?;
        memberships::delete(c, id, Some(by))?;
        Ok(m.contact_id)
    })
    .await
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
