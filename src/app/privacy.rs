//! Privacy: a person's data in one file (noted in their history), erasure of one or several
//! people, and the retention period.

use crate::App;
use crate::error::Result;
use crate::members::{
    contacts::{self, Contact},
    gdpr::{self, PersonData},
};

/// Everything held on one person; the export is noted in their history.
pub async fn export_person(app: &App, id: i64, by: i64) -> Result<PersonData> {
    super::write(app, move |c| {
        let data = gdpr::export_person(c, id)?;
        gdpr::record_export(c, id, Some(by))?;
        Ok(data)
    })
    .await
}

/// Erases a person (the record stays, anonymous); answers the record as it is now. Doing it
/// twice is harmless.
pub async fn anonymize(app: &App, id: i64, by: i64) -> Result<Contact> {
    super::write(app, move |c| {
        gdpr::anonymize(c, id, Some(by))?;
        contacts::find(c, id)
    })
    .await
}

/// Erases several people together: all or none. Answers how many.
pub async fn anonymize_many(app: &App, ids: Vec<i64>, by: i64) -> Result<usize> {
    super::write(app, move |c| gdpr::anonymize_many(c, &ids, Some(by))).await
}

/// Sets the retention period from what was typed: 1 to 240 months.
pub async fn set_retention_months(app: &App, months: String) -> Result<u32> {
    super::write(app, move |c| gdpr::set_retention_months(c, &months)).await
}
