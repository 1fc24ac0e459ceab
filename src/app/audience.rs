//! The audience: who follows the association from the fediverse, and who is blocked. A new
//! follower is accepted in the transaction that records them.

use super::effects::{ChatNotice, Effect, Welcome, record};
use crate::App;
use crate::audience::{blocks, blocks::BlockKind, followers};
use crate::error::Result;

/// Someone followed the association: recorded (a second `Follow` replaces the first), and
/// answered with an `Accept`.
pub async fn accept_follower(
    app: &App,
    actor_id: String,
    inbox: String,
    shared_inbox: Option<String>,
    follow_id: String,
) -> Result<()> {
    super::write(app, move |c| {
        let known = followers::is_follower(c, &actor_id)?;
        followers::upsert(c, &actor_id, &inbox, shared_inbox.as_deref(), &follow_id)?;
        if !known {
            record(
                c,
                Effect::Chat(ChatNotice::Follower {
                    actor: actor_id.clone(),
                }),
            )?;
        }
        record(
            c,
            Effect::Welcome(Welcome {
                actor_id,
                inbox,
                follow_id,
            }),
        )
    })
    .await
}

/// A follower left (an `Undo` of their `Follow`, their account deleted or gone); `follow_id`
/// names the follow undone, when the `Undo` names only that. Says whether someone was removed.
pub async fn follower_left(app: &App, actor_id: String, follow_id: Option<String>) -> Result<bool> {
    super::write(app, move |c| match follow_id {
        Some(follow_id) => followers::remove_by_follow(c, &actor_id, &follow_id),
        None => followers::remove(c, &actor_id),
    })
    .await
}

/// An organizer removes a follower (they can follow again unless blocked).
pub async fn remove_follower(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| {
        let follower = followers::find(c, id)?;
        followers::remove(c, &follower.actor_id)?;
        Ok(())
    })
    .await
}

/// An organizer blocks a follower, or their whole server.
pub async fn block_follower(app: &App, id: i64, kind: BlockKind) -> Result<()> {
    super::write(app, move |c| {
        let follower = followers::find(c, id)?;
        let target = match kind {
            BlockKind::Domain => blocks::domain_of(&follower.actor_id),
            BlockKind::Actor => follower.actor_id,
        };
        blocks::block(c, kind, &target)
    })
    .await
}

pub async fn unblock(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| blocks::unblock(c, id)).await
}

/// Someone on the fediverse replied to the association or mentioned it: the chat hears of it
/// (nothing else is kept of it).
pub async fn mentioned(app: &App, actor: String, url: String, excerpt: String) -> Result<()> {
    super::write(app, move |c| {
        record(
            c,
            Effect::Chat(ChatNotice::Mention {
                actor,
                url,
                excerpt,
            }),
        )
    })
    .await
}
