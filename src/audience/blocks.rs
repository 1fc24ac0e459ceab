//! Whom the association refuses to hear from: an actor, or a whole domain (and its
//! subdomains). Blocking removes the followers it covers.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::{
    DbConn, TextEnum, now,
    schema::{blocks, followers},
};
use crate::error::{Error, Result};

/// What a block covers: one actor (by id) or a whole domain.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Actor,
    Domain,
}

impl TextEnum for BlockKind {
    const ALL: &'static [Self] = &[BlockKind::Actor, BlockKind::Domain];

    fn as_str(self) -> &'static str {
        match self {
            BlockKind::Actor => "actor",
            BlockKind::Domain => "domain",
        }
    }
}

crate::stored_as_text!(BlockKind);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = blocks)]
pub struct Block {
    pub id: i64,
    pub kind: BlockKind,
    pub value: String,
    pub created_at: NaiveDateTime,
}

/// The server an actor lives on (its id's host), to block all of it; empty when the id is
/// no URL, which `block` then refuses.
pub fn domain_of(actor_id: &str) -> String {
    url::Url::parse(actor_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

/// Blocks an actor (by id) or a whole domain, and removes the followers it covers.
pub fn block(conn: &mut DbConn, kind: BlockKind, value: &str) -> Result<()> {
    let value = value.trim();
    let value = match kind {
        BlockKind::Actor => url::Url::parse(value)
            .map_err(|_| Error::invalid("value", "url_invalid"))?
            .to_string(),
        BlockKind::Domain => {
            let domain = value
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_lowercase();
            if domain.is_empty() || domain.contains('/') || domain.contains(' ') {
                return Err(Error::invalid("value", "domain_invalid"));
            }
            domain
        }
    };
    crate::db::transaction(conn, |c| {
        let inserted = diesel::insert_into(blocks::table)
            .values((
                blocks::kind.eq(kind),
                blocks::value.eq(&value),
                blocks::created_at.eq(now()),
            ))
            .execute(c);
        match inserted {
            Ok(_) => {}
            Err(e) if crate::db::is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
        match kind {
            BlockKind::Actor => {
                diesel::delete(followers::table.filter(followers::actor_id.eq(&value)))
                    .execute(c)?;
            }
            BlockKind::Domain => {
                let all: Vec<(i64, String)> = followers::table
                    .select((followers::id, followers::actor_id))
                    .load(c)?;
                for (id, actor) in all {
                    if host_matches(&actor, &value) {
                        diesel::delete(followers::table.find(id)).execute(c)?;
                    }
                }
            }
        }
        Ok(())
    })
}

pub fn unblock(conn: &mut DbConn, id: i64) -> Result<()> {
    let n = diesel::delete(blocks::table.find(id)).execute(conn)?;
    if n == 0 { Err(Error::NotFound) } else { Ok(()) }
}

/// Every block, newest first.
pub fn all(conn: &mut DbConn) -> Result<Vec<Block>> {
    Ok(blocks::table
        .order(blocks::id.desc())
        .select(Block::as_select())
        .load(conn)?)
}

/// Whether a host (or a parent domain of it) is blocked.
pub fn is_domain_blocked(conn: &mut DbConn, host: &str) -> Result<bool> {
    let host = host.to_lowercase();
    let mut candidates = vec![host.clone()];
    let mut rest = host.as_str();
    while let Some((_, parent)) = rest.split_once('.') {
        candidates.push(parent.to_string());
        rest = parent;
    }
    let n: i64 = blocks::table
        .filter(blocks::kind.eq(BlockKind::Domain))
        .filter(blocks::value.eq_any(candidates))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn is_actor_blocked(conn: &mut DbConn, actor_id: &str) -> Result<bool> {
    let host = url::Url::parse(actor_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let n: i64 = blocks::table
        .filter(blocks::kind.eq(BlockKind::Actor))
        .filter(blocks::value.eq(actor_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0 || is_domain_blocked(conn, &host)?)
}

fn host_matches(actor_id: &str, domain: &str) -> bool {
    url::Url::parse(actor_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_lowercase))
        .is_some_and(|host| host == domain || host.ends_with(&format!(".{domain}")))
}
