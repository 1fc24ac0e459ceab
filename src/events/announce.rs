//! What the association's chat hears of registrations: a seat taken, a place on the waiting
//! list, a cancellation, the last seat gone, a registration waiting for approval. Recorded as
//! `Effect::Chat` beside the person's own notice (`notices::tell`), in the same transaction;
//! the notification rules decide whether anyone hears it.

use super::{
    agenda::{self, Event},
    notices::{Links, Notice},
    registrations::Registration,
};
use crate::app::effects::{ChatNotice, Effect, EventRef, record};
use crate::db::DbConn;
use crate::error::Result;

/// Records what the chat may hear of this notice to a registrant. `event` may be as it was
/// before the seat was taken: the numbers are read again.
pub fn to_chat(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
    notice: Notice,
) -> Result<()> {
    let name = registration.name.clone();
    let event_ref = |e: &Event| EventRef {
        id: e.id,
        title: e.title.clone(),
        url: links.event_url(e),
    };
    match notice {
        Notice::Confirmed | Notice::Promoted => {
            let now = agenda::find(conn, event.id)?;
            record(
                conn,
                Effect::Chat(ChatNotice::Registered {
                    event: event_ref(&now),
                    name,
                    confirmed: now.confirmed_count,
                    capacity: now.capacity,
                    promoted: notice == Notice::Promoted,
                }),
            )?;
            if let Some(capacity) = now.capacity
                && now.is_full()
            {
                record(
                    conn,
                    Effect::Chat(ChatNotice::EventFull {
                        event: event_ref(&now),
                        capacity,
                    }),
                )?;
            }
            Ok(())
        }
        Notice::Waitlisted(position) => record(
            conn,
            Effect::Chat(ChatNotice::Waitlisted {
                event: event_ref(event),
                name,
                position,
            }),
        ),
        Notice::Pending => record(
            conn,
            Effect::Chat(ChatNotice::AwaitingApproval {
                event: event_ref(event),
                name,
            }),
        ),
        Notice::Cancelled => record(
            conn,
            Effect::Chat(ChatNotice::Cancelled {
                event: event_ref(event),
                name,
            }),
        ),
        // Told to the person only: a refusal is the organizers' own act, the cancellation of
        // a whole event and a message to all are theirs too.
        Notice::Refused | Notice::EventCancelled | Notice::Message => Ok(()),
    }
}
