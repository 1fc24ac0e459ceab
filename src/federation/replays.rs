//! The record of received activities is kept only as long as it is needed: replay detection
//! needs an activity's id for as long as its signature could be accepted again (its `Date` may
//! be up to one window ahead of our clock and stays valid one window after), and an `Undo` by
//! id needs the object of an attendance activity (a `Join`) for as long as the registration
//! may be withdrawn. Every `PRUNE_EVERY`th record deletes the rest: no job, no timer, and the
//! table stays bounded by the inbox's own traffic, whichever process receives it.

use chrono::Duration;
use diesel::prelude::*;

use super::inbox::ATTENDANCE;
use super::signed_request::WINDOW;
use crate::db::{DbConn, now, schema::received_activities};
use crate::error::Result;

/// The record whose id is a multiple of this prunes the table.
pub const PRUNE_EVERY: i64 = 500;

/// Attendance records with an object are kept this long: an event is rarely announced more
/// than a year ahead.
const ATTENDANCE_KEPT: Duration = Duration::days(400);

/// Deletes the records no check can need any more; returns how many went.
pub fn prune(conn: &mut DbConn) -> Result<usize> {
    let replay_horizon = now() - WINDOW * 3;
    let short = diesel::delete(
        received_activities::table
            .filter(received_activities::received_at.lt(replay_horizon))
            .filter(
                received_activities::object_id
                    .is_null()
                    .or(received_activities::kind.ne_all(ATTENDANCE)),
            ),
    )
    .execute(conn)?;
    let long = diesel::delete(
        received_activities::table
            .filter(received_activities::received_at.lt(now() - ATTENDANCE_KEPT)),
    )
    .execute(conn)?;
    Ok(short + long)
}
