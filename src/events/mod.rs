//! Events and their registrations: the agenda, capacity and the waiting list.
//!
//! Every way of registering (the web form, a Mobilizon `Join`, a poll vote, a Friendica
//! `Accept`) ends in `registrations::register`, which answers `Confirmed`, `Waitlisted`,
//! `Pending`, `AlreadyRegistered` or `Closed`. Telling the person is `notices`' job: a mail for
//! the web, a job for the federation face otherwise. A web registration holds its place until
//! the visitor confirms it from the mail (`holds`).

pub mod agenda;
pub mod announce;
pub mod holds;
pub mod notices;
pub mod of_person;
pub mod registrations;
pub mod series;

pub use agenda::{Event, EventInput, EventStatus};
pub use registrations::{Attendee, Channel, Outcome, Registration, RegistrationStatus};
