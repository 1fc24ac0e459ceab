//! The integration tests: one binary, so the crate is linked once, with one module per
//! area. Tests that touch a database run per backend under their own names
//! (`..._sqlite`, `..._postgres`): see common/per_backend.rs.

#[macro_use]
mod common;

mod accounts;
mod api;
mod chat;
mod contacts;
mod contacts_import;
mod events;
mod events_federation;
mod events_web;
mod federation;
mod followers;
mod hardening_web;
mod inbox_hardening;
mod jobs;
mod ledger;
mod ledger_reports;
mod memberships;
mod newsletter_campaigns;
mod newsletter_subscriptions;
mod privacy;
mod site;
mod storage;
mod wire_shapes;
