//! The association's people, in one base: contacts (one record per person) with their
//! consents, custom fields, tags and groups; members, their memberships and the reminders to
//! renew; imports and exports; what the GDPR asks (a person's data in one file, erasure that
//! keeps the accounting lines, a retention review).
//!
//! Like every domain module it knows neither HTTP nor JSON-LD: `web` shows it, the newsletter
//! and the HelloAsso sync call it.

pub mod categories;
pub mod consents;
pub mod contacts;
pub mod duplicates;
pub mod export;
pub mod fields;
pub mod gdpr;
pub mod history;
pub mod import;
pub mod memberships;
pub mod names;
pub mod period;
pub mod reminders;
pub mod tags;
