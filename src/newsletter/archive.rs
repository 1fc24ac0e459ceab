//! The public archive of sent newsletters, on the website at `/newsletter`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConn, schema::campaigns};
use crate::error::{Error, Result};

/// A sent newsletter as the public sees it.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = campaigns)]
pub struct ArchivedCampaign {
    pub id: i64,
    pub slug: String,
    pub subject: String,
    pub body_html: String,
    pub finished_at: Option<NaiveDateTime>,
}

/// The sent newsletters kept in the public archive, newest first.
pub fn list_public(conn: &mut DbConn) -> Result<Vec<ArchivedCampaign>> {
    Ok(campaigns::table
        .filter(campaigns::status.eq("sent"))
        .filter(campaigns::public_archive.eq(true))
        .order(campaigns::finished_at.desc())
        .select(ArchivedCampaign::as_select())
        .load(conn)?)
}

/// One sent newsletter of the archive; a draft, or one kept out of the archive, is not found.
pub fn find_public(conn: &mut DbConn, slug: &str) -> Result<ArchivedCampaign> {
    campaigns::table
        .filter(campaigns::status.eq("sent"))
        .filter(campaigns::public_archive.eq(true))
        .filter(campaigns::slug.eq(slug))
        .select(ArchivedCampaign::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}
