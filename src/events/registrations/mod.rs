//! Registrations: one per person and event, capped at the capacity, with a first-come waiting
//! list.
//!
//! The rule that keeps a room of 19 from holding 20: a seat is taken by one conditional
//! `UPDATE events SET confirmed_count = confirmed_count + 1 WHERE capacity IS NULL OR
//! confirmed_count < capacity`, in the same transaction as the registration's row. The database
//! serialises those updates on the event's row (PostgreSQL's row lock, SQLite's single writer),
//! so whatever arrives at once, from however many processes, only as many succeed as there are
//! seats; a CHECK constraint backs it up. The unique key (event, attendee) stops doubles.
//!
//! Every change to an event's registrations also starts by locking the event's row (`lock`),
//! so that they happen one after the other per event: the place on the waiting list told to
//! someone is their real place, and promotions follow arrival order, on PostgreSQL too.
//!
//! The files: `status` and `channel` (the closed sets a row holds), `attendee` (who registers),
//! `rows` (the stored registration, read and written), `seats` (the lock, the seats, the
//! waiting list's promotions), `register`, `changes` (cancel, approve, refuse, check in) and
//! `whole_event` (capacity, cancelling the event).

mod attendee;
mod changes;
mod channel;
mod register;
mod rows;
mod seats;
mod status;
mod whole_event;

pub use attendee::Attendee;
pub use changes::{approve, cancel, cancel_by_attendee, check_in, refuse};
pub use channel::Channel;
pub use register::{Outcome, register};
pub use rows::{Registration, count_since, find, find_by_attendee, list};
pub use status::RegistrationStatus;
pub use whole_event::{cancel_event, set_capacity};

pub(super) use rows::{position, set_status};
pub(super) use seats::{lock, promote, release_seat};
