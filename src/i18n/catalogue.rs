//! The catalogues, built once: one Fluent bundle per language over every file of `locales/`,
//! embedded in the binary, and the messages without variables formatted ahead into a table so
//! that `Lang::t` is a lookup returning words that live as long as the program.
//!
//! Why fluent-bundle and not fluent-templates (both looked at on crates.io, December 2026):
//! fluent-bundle 0.16.0 is the reference implementation, from the Project Fluent repository
//! itself (projectfluent/fluent-rs), with no default features. fluent-templates 0.15.1 is a
//! third-party layer over that same fluent-bundle: a static loader macro that walks the
//! folder at build time (its default features bring the macros and the `ignore` crate), a
//! fallback chain and Tera/Handlebars helpers. Two embedded languages and askama need none of
//! that, and fluent-bundle leaves us the two choices that matter here: isolation marks off,
//! and an unknown message that shows its key.

use std::{collections::HashMap, sync::OnceLock};

use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};
use fluent_syntax::ast;

use super::{Args, Lang};

/// One catalogue file in both languages: (part, French source, English source).
macro_rules! part {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../locales/fr/", $name, ".ftl")),
            include_str!(concat!("../../locales/en/", $name, ".ftl")),
        )
    };
}

/// Every file of `locales/`, one per part of the site (a test checks none is left out).
pub(super) const PARTS: &[(&str, &str, &str)] = &[
    part!("common"),
    part!("dates"),
    part!("errors"),
    part!("events"),
    part!("contacts"),
    part!("members"),
    part!("people_io"),
    part!("subscriptions"),
    part!("campaigns"),
    part!("accounts"),
    part!("holds"),
    part!("jobs"),
    part!("chat"),
    part!("notices"),
    part!("ledger"),
];

pub(super) struct Catalogue {
    languages: [Language; 2],
}

struct Language {
    bundle: FluentBundle<FluentResource>,
    /// The messages that need no variable, formatted once.
    plain: HashMap<String, String>,
}

/// The catalogues, built on first use. They are embedded and checked by the tests, so a
/// mistake in them stops the program at its first word rather than showing half a page.
pub(super) fn get() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| match Catalogue::build() {
        Ok(c) => c,
        Err(e) => panic!("the catalogues in locales/ are broken: {e}"),
    })
}

impl Catalogue {
    pub(super) fn build() -> Result<Catalogue, String> {
        Ok(Catalogue {
            languages: [Language::build(Lang::Fr)?, Language::build(Lang::En)?],
        })
    }

    fn of(&self, lang: Lang) -> &Language {
        match lang {
            Lang::Fr => &self.languages[0],
            Lang::En => &self.languages[1],
        }
    }

    pub(super) fn plain(&'static self, lang: Lang, key: &str) -> Option<&'static str> {
        self.of(lang).plain.get(key).map(String::as_str)
    }

    pub(super) fn has(&self, lang: Lang, key: &str) -> bool {
        self.of(lang).bundle.has_message(key)
    }

    pub(super) fn format(&self, lang: Lang, key: &str, args: &Args) -> Option<String> {
        let bundle = &self.of(lang).bundle;
        let pattern = bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = vec![];
        let words = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                lang = lang.code(),
                ?errors,
                "message formatted with errors"
            );
        }
        Some(words.into_owned())
    }
}

impl Language {
    fn build(lang: Lang) -> Result<Language, String> {
        let locale = lang
            .code()
            .parse()
            .map_err(|e| format!("{}: {e}", lang.code()))?;
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Unicode isolation marks around variables would show in mails and CSV files.
        bundle.set_use_isolating(false);
        let mut ids = vec![];
        for (part, fr, en) in PARTS {
            let source = if lang == Lang::Fr { fr } else { en };
            let resource = parse(lang, part, source)?;
            ids.extend(message_ids(&resource).map(|(id, _)| id.to_string()));
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("{}/{part}.ftl: {errors:?}", lang.code()))?;
        }
        let mut plain = HashMap::with_capacity(ids.len());
        for id in ids {
            let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = vec![];
            let words = bundle
                .format_pattern(pattern, None, &mut errors)
                .into_owned();
            if errors.is_empty() {
                plain.insert(id, words);
            }
        }
        Ok(Language { bundle, plain })
    }
}

/// One catalogue file, parsed; a syntax error names the file and the line.
pub(super) fn parse(lang: Lang, part: &str, source: &str) -> Result<FluentResource, String> {
    FluentResource::try_new(source.to_string()).map_err(|(_, errors)| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| {
                let line = source[..e.pos.start.min(source.len())].lines().count();
                format!("line {line}: {:?}", e.kind)
            })
            .collect();
        format!("{}/{part}.ftl: {}", lang.code(), lines.join("; "))
    })
}

/// The messages of a file with their attributes' names (terms, `-name`, are not messages).
pub(super) fn message_ids(
    resource: &FluentResource,
) -> impl Iterator<Item = (&str, Vec<&str>)> + '_ {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(m) => {
            Some((m.id.name, m.attributes.iter().map(|a| a.id.name).collect()))
        }
        _ => None,
    })
}
