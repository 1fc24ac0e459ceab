//! What waits for a rule's next message: each notice a rule takes is one row of
//! `chat_batches`, written in the change's transaction, and one `chat` job per rule waits a
//! minute to post everything that gathered by then. Two hundred registrations in a minute are
//! one message; a notice no rule takes is not kept at all.

use chrono::Duration;
use diesel::prelude::*;

use super::{NoticeKind, rules};
use crate::app::effects::{ChatNotice, ChatPost, kinds};
use crate::db::{DbConn, now, schema::chat_batches};
use crate::error::{Error, Result};
use crate::jobs;

/// How long notices gather before their message goes.
pub const GATHER: Duration = Duration::seconds(60);
/// How many times a message is tried (over about two hours) before the job page shows it.
pub const TRIES: i32 = 8;

/// Keeps the notice for every rule that carries its kind, and makes sure each such rule has a
/// message waiting to go. Call it in the change's transaction (through `effects::record`).
pub fn keep(conn: &mut DbConn, notice: &ChatNotice) -> Result<()> {
    let rules = rules::wanting(conn, NoticeKind::of(notice))?;
    if rules.is_empty() {
        return Ok(());
    }
    let text = serde_json::to_string(notice).map_err(Error::internal)?;
    let at = now();
    for rule in rules {
        diesel::insert_into(chat_batches::table)
            .values((
                chat_batches::rule_id.eq(rule.id),
                chat_batches::notice.eq(&text),
                chat_batches::created_at.eq(at),
            ))
            .execute(conn)?;
        let job = ChatPost { rule_id: rule.id };
        // One waiting message per rule: it takes everything kept by the time it runs (a
        // message being retried after a failure takes the newcomers too).
        if !jobs::is_pending(conn, kinds::CHAT, &job)? {
            jobs::enqueue_at(conn, kinds::CHAT, &job, TRIES, at + GATHER)?;
        }
    }
    Ok(())
}

/// What waits for this rule's next message, oldest first (at most `limit`), with the ids to
/// forget once it is posted. A row this version cannot read is forgotten with them.
pub fn waiting(conn: &mut DbConn, rule_id: i64, limit: i64) -> Result<(Vec<i64>, Vec<ChatNotice>)> {
    let rows: Vec<(i64, String)> = chat_batches::table
        .filter(chat_batches::rule_id.eq(rule_id))
        .order(chat_batches::id)
        .limit(limit)
        .select((chat_batches::id, chat_batches::notice))
        .load(conn)?;
    let ids = rows.iter().map(|(id, _)| *id).collect();
    let notices = rows
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect();
    Ok((ids, notices))
}

/// How many notices wait for this rule's next message.
pub fn count(conn: &mut DbConn, rule_id: i64) -> Result<i64> {
    Ok(chat_batches::table
        .filter(chat_batches::rule_id.eq(rule_id))
        .count()
        .get_result(conn)?)
}

/// Forgets what was posted.
pub fn forget(conn: &mut DbConn, ids: &[i64]) -> Result<()> {
    for chunk in ids.chunks(500) {
        diesel::delete(chat_batches::table.filter(chat_batches::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(())
}

/// Has the rule's waiting notices posted now, unless a message already waits to go.
pub fn post_soon(conn: &mut DbConn, rule_id: i64) -> Result<()> {
    let job = ChatPost { rule_id };
    if !jobs::is_pending(conn, kinds::CHAT, &job)? {
        jobs::enqueue_at(conn, kinds::CHAT, &job, TRIES, now())?;
    }
    Ok(())
}
