//! A campaign's recipients, for its report.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::RecipientStatus;
use crate::db::{DbConn, schema::campaign_recipients};
use crate::error::Result;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaign_recipients)]
pub struct Recipient {
    pub id: i64,
    pub contact_id: Option<i64>,
    pub email: String,
    pub status: RecipientStatus,
    pub error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
}

/// A page of a campaign's recipients in the order they are sent, optionally of one status;
/// and how many there are in all.
pub fn recipients(
    conn: &mut DbConn,
    id: i64,
    status: Option<RecipientStatus>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Recipient>, i64)> {
    let query = || {
        let mut q = campaign_recipients::table
            .filter(campaign_recipients::campaign_id.eq(id))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(campaign_recipients::status.eq(s));
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let page = query()
        .order(campaign_recipients::id)
        .offset(offset.max(0))
        .limit(limit.clamp(1, 1000))
        .select(Recipient::as_select())
        .load(conn)?;
    Ok((page, total))
}
