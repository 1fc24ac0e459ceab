//! The words of each part of the site, French and English, one file per part so that a part's
//! words are found beside each other. `i18n::Lang::t` looks them all up.

pub mod accounts;
pub mod campaigns;
pub mod contacts;
pub mod holds;
pub mod members;
pub mod people_io;
pub mod subscriptions;

/// Every table of words besides the common one in `i18n`.
pub const TABLES: &[&[(&str, &str, &str)]] = &[
    contacts::WORDS,
    members::WORDS,
    people_io::WORDS,
    subscriptions::WORDS,
    campaigns::WORDS,
    accounts::WORDS,
    holds::WORDS,
];
