//! Who follows the association: one row per actor, with the inboxes to deliver to.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConn, now, schema::followers};
use crate::error::Result;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = followers)]
pub struct Follower {
    pub id: i64,
    pub actor_id: String,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub follow_activity_id: String,
    pub created_at: NaiveDateTime,
}

/// Records a follow, or refreshes it (a second Follow from the same actor replaces the first).
pub fn upsert(
    conn: &mut DbConn,
    actor_id: &str,
    inbox: &str,
    shared_inbox: Option<&str>,
    follow_id: &str,
) -> Result<()> {
    crate::db::transaction(conn, |c| {
        diesel::delete(followers::table.filter(followers::actor_id.eq(actor_id))).execute(c)?;
        diesel::insert_into(followers::table)
            .values((
                followers::actor_id.eq(actor_id),
                followers::inbox.eq(inbox),
                followers::shared_inbox.eq(shared_inbox),
                followers::follow_activity_id.eq(follow_id),
                followers::created_at.eq(now()),
            ))
            .execute(c)?;
        Ok(())
    })
}

pub fn remove(conn: &mut DbConn, actor_id: &str) -> Result<bool> {
    Ok(
        diesel::delete(followers::table.filter(followers::actor_id.eq(actor_id))).execute(conn)?
            > 0,
    )
}

/// Removes the follow made by this Follow activity, if `actor_id` is the one who made it.
pub fn remove_by_follow(conn: &mut DbConn, actor_id: &str, follow_id: &str) -> Result<bool> {
    Ok(diesel::delete(
        followers::table
            .filter(followers::actor_id.eq(actor_id))
            .filter(followers::follow_activity_id.eq(follow_id)),
    )
    .execute(conn)?
        > 0)
}

pub fn list(conn: &mut DbConn, limit: i64, offset: i64) -> Result<Vec<Follower>> {
    Ok(followers::table
        .order(followers::id.desc())
        .limit(limit)
        .offset(offset)
        .select(Follower::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Follower> {
    Ok(followers::table
        .find(id)
        .select(Follower::as_select())
        .first(conn)?)
}

pub fn count(conn: &mut DbConn) -> Result<i64> {
    Ok(followers::table.count().get_result(conn)?)
}

/// Where to deliver to reach every follower: each shared inbox once, and the personal inbox
/// of those whose server has none.
pub fn delivery_inboxes(conn: &mut DbConn) -> Result<Vec<String>> {
    let rows: Vec<(String, Option<String>)> = followers::table
        .select((followers::inbox, followers::shared_inbox))
        .load(conn)?;
    let mut inboxes: Vec<String> = rows
        .into_iter()
        .map(|(inbox, shared)| shared.unwrap_or(inbox))
        .collect();
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

/// Whether this actor follows the association.
pub fn is_follower(conn: &mut DbConn, actor_id: &str) -> Result<bool> {
    let n: i64 = followers::table
        .filter(followers::actor_id.eq(actor_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
