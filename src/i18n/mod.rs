//! The one language layer: every word a person reads (pages, mails, fediverse texts, CSV
//! headers) is a message of the Fluent catalogues in `locales/fr/*.ftl` and `locales/en/*.ftl`,
//! embedded in the binary. Infrastructure: it knows no domain, and any module may ask it for
//! words.
//!
//! `lang.t("login")` gives a message without variables; `lang.t_args("places_left", &[("n", 3.into())])`
//! one with variables, plurals included (`{ $n -> [one] ... *[other] ... }`, CLDR rules for
//! each language). An unknown key is logged and shows itself on the page, never a blank.

mod catalogue;
pub mod dates;
pub mod numbers;

pub use fluent_bundle::FluentValue as Value;

/// The languages of the site. French first: the association's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// The variables of a message: `&[("n", 3.into()), ("title", title.into())]`.
pub type Args<'a> = [(&'a str, Value<'a>)];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// A language kept as a code (a registration's, a subscriber's, the site's default):
    /// French unless it names another language we have.
    pub fn from_code(code: &str) -> Lang {
        Lang::parse(code).unwrap_or_default()
    }

    /// The first of the browser's languages that we have, by quality order.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut choices: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        choices.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        choices
            .into_iter()
            .find_map(|(_, tag)| Lang::parse(&tag.get(..2).unwrap_or("").to_ascii_lowercase()))
    }

    /// The words of a message without variables. An unknown key shows itself (and is logged),
    /// so that a missing word is seen on the page rather than hidden. The words live as long as
    /// the key (a literal key gives `&'static str`).
    pub fn t(self, key: &str) -> &str {
        match catalogue::get().plain(self, key) {
            Some(words) => words,
            None => {
                tracing::warn!(key, lang = self.code(), "no such message");
                key
            }
        }
    }

    /// The words of a message with variables.
    pub fn t_args(self, key: &str, args: &Args) -> String {
        match catalogue::get().format(self, key, args) {
            Some(words) => words,
            None => {
                tracing::warn!(key, lang = self.code(), "no such message");
                key.to_string()
            }
        }
    }

    /// The words of a message with one variable, for templates: `lang.t_with("campaign_mail_why", "site", site)`.
    pub fn t_with(self, key: &str, name: &str, value: &str) -> String {
        self.t_args(key, &[(name, value.into())])
    }

    /// The first line of a mail: `Bonjour Anne,`, or `Bonjour,` without a first name.
    pub fn greeting(self, first_name: &str) -> String {
        match first_name.trim() {
            "" => self.t("mail_hello").to_string(),
            first => self.t_args("mail_hello_name", &[("first", first.into())]),
        }
    }

    /// The words of a message built from stored data (`job_status_{status}`), or `fallback`
    /// as it is when this version has no message for it (a value left by another version).
    pub fn t_or<'a>(self, key: &str, fallback: &'a str) -> &'a str {
        catalogue::get().plain(self, key).unwrap_or(fallback)
    }

    /// Whether the catalogue has this message (for keys built from data, which fall back).
    pub fn has(self, key: &str) -> bool {
        catalogue::get().has(self, key)
    }
}

/// Marks a message key that is chosen in one place and worded in another (a `match` that
/// picks the key, a table of keys): it gives the key back unchanged, and the catalogue test
/// finds every `msg("...")` as it finds every `t("...")`, like gettext's `N_()`.
pub const fn msg(key: &'static str) -> &'static str {
    key
}

#[cfg(test)]
mod tests;
