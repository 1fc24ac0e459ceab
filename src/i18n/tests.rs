//! The catalogues are complete: every file parses, every message exists in both languages with
//! the same attributes, and every message the code asks for exists.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use super::{Lang, catalogue};
use crate::db::TextEnum;

type Messages = BTreeMap<String, Vec<String>>;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every message of a language with its attributes, and the files they came from.
fn messages(lang: Lang) -> Messages {
    let mut all = Messages::new();
    for (part, fr, en) in catalogue::PARTS {
        let source = if lang == Lang::Fr { fr } else { en };
        let resource = catalogue::parse(lang, part, source).unwrap();
        for (id, attributes) in catalogue::message_ids(&resource) {
            let mut attributes: Vec<String> = attributes.iter().map(|a| a.to_string()).collect();
            attributes.sort();
            let before = all.insert(id.to_string(), attributes);
            assert!(
                before.is_none(),
                "`{id}` is written twice in {}",
                lang.code()
            );
        }
    }
    all
}

#[test]
fn the_catalogues_parse_and_build() {
    for lang in Lang::ALL {
        for (part, fr, en) in catalogue::PARTS {
            let source = if lang == Lang::Fr { fr } else { en };
            if let Err(e) = catalogue::parse(lang, part, source) {
                panic!("{e}");
            }
        }
    }
    if let Err(e) = catalogue::Catalogue::build() {
        panic!("{e}");
    }
}

#[test]
fn every_file_of_locales_is_embedded_in_both_languages() {
    let listed: BTreeSet<String> = catalogue::PARTS
        .iter()
        .map(|(p, _, _)| p.to_string())
        .collect();
    for lang in Lang::ALL {
        let dir = root().join("locales").join(lang.code());
        let files: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, listed, "{} against catalogue::PARTS", dir.display());
    }
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_attributes() {
    let fr = messages(Lang::Fr);
    let en = messages(Lang::En);
    let only_fr: Vec<&String> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<&String> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    assert!(only_fr.is_empty(), "only in French: {only_fr:?}");
    assert!(only_en.is_empty(), "only in English: {only_en:?}");
    for (id, attributes) in &fr {
        assert_eq!(attributes, &en[id], "the attributes of `{id}` differ");
    }
}

#[test]
fn every_message_the_code_asks_for_exists() {
    let mut missing = vec![];
    for (file, kind, key) in asked_keys() {
        for lang in Lang::ALL {
            let found = match kind {
                // A message asked without variables must format without them.
                Kind::Plain => catalogue::get().plain(lang, &key).is_some(),
                Kind::Args => lang.has(&key),
            };
            if !found {
                missing.push(format!("{}: {key} ({})", file.display(), lang.code()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "asked for but not in the catalogues:\n{}",
        missing.join("\n")
    );
}

/// The keys built at run time from a closed set of values, each checked in full.
#[test]
fn every_message_built_from_a_value_exists() {
    let mut missing = vec![];
    for key in built_keys() {
        for lang in Lang::ALL {
            if !lang.has(&key) {
                missing.push(format!("{key} ({})", lang.code()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "built but not in the catalogues: {missing:?}"
    );
}

#[test]
fn an_unknown_key_shows_itself() {
    assert_eq!(
        Lang::Fr.t("no_such_message_anywhere"),
        "no_such_message_anywhere"
    );
    assert_eq!(Lang::En.t("login"), "Log in");
    assert_eq!(Lang::Fr.t("login"), "Se connecter");
}

#[test]
fn variables_come_without_isolation_marks() {
    let text = Lang::Fr.t_args(
        "date_long",
        &[
            ("day", 5.into()),
            ("month", "mai".into()),
            ("year", "2027".into()),
        ],
    );
    assert_eq!(text, "5 mai 2027");
}

#[test]
fn accept_language_picks_the_best_known_language() {
    assert_eq!(
        Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
        Some(Lang::En)
    );
    assert_eq!(
        Lang::from_accept_language("de-DE,fr;q=0.5,en;q=0.4"),
        Some(Lang::Fr)
    );
    assert_eq!(Lang::from_accept_language("de"), None);
    assert_eq!(Lang::from_accept_language(""), None);
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Plain,
    Args,
}

/// Every `t("...")`, `t_args("...")`, `t_with("...")` and `msg("...")` with a literal key in `src/` and
/// `templates/`.
fn asked_keys() -> Vec<(PathBuf, Kind, String)> {
    let mut found = vec![];
    for dir in ["src", "templates"] {
        for file in files_under(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let calls = [
                ("t(", Kind::Plain),
                ("t_args(", Kind::Args),
                ("t_with(", Kind::Args),
                ("msg(", Kind::Args),
            ];
            for (call, kind) in calls {
                for (at, _) in text.match_indices(call) {
                    // `t(` must be the method itself (`lang.t(`), not the end of another name
                    // (`split(`); `t_args(`, `t_with(` and `msg(` must not end another name either.
                    let before = text[..at].chars().next_back();
                    let joined = before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    if (call == "t(" && before != Some('.')) || joined {
                        continue;
                    }
                    // rustfmt may put the key on the next line.
                    let rest = text[at + call.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else {
                        continue;
                    };
                    let key: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    if rest[key.len()..].starts_with('"') && !key.is_empty() {
                        found.push((file.strip_prefix(root()).unwrap().to_path_buf(), kind, key));
                    }
                }
            }
        }
    }
    found.extend(second_literals("invalid("));
    assert!(
        found.len() > 500,
        "the scan found only {} keys",
        found.len()
    );
    found
}

/// Field errors, `Error::invalid("field", "key")` and `FieldError { field: "...", code: "key" }`:
/// the key is the second literal after `invalid(`, or the one after `code: `.
fn second_literals(call: &str) -> Vec<(PathBuf, Kind, String)> {
    let mut found = vec![];
    for file in files_under(&root().join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().to_path_buf();
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            let literals: Vec<&str> = rest.splitn(5, '"').collect();
            // `"field", "key"`: ["", field, ", ", key, rest]
            if literals.len() == 5 && literals[0].trim().is_empty() && literals[2].trim() == "," {
                found.push((name.clone(), Kind::Plain, literals[3].to_string()));
            }
        }
        for (at, _) in text.match_indices("code: \"") {
            let rest = &text[at + "code: \"".len()..];
            if let Some(key) = rest.split('"').next().filter(|k| is_key(k)) {
                found.push((name.clone(), Kind::Plain, key.to_string()));
            }
        }
    }
    found
}

fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if path
            .extension()
            .is_some_and(|x| x == "rs" || x == "html" || x == "txt")
            // This file asks for a missing key on purpose.
            && !path.ends_with("src/i18n/tests.rs")
        {
            out.push(path);
        }
    }
    out
}

/// The keys the code builds with `format!` (or picks from a value), with the closed set each
/// one is built from, taken from the code that owns the set.
fn built_keys() -> Vec<String> {
    use crate::events::{EventStatus, RegistrationStatus};
    use crate::members::{contacts, history, import, memberships};
    let mut keys = vec![];
    let mut from = |prefix: &str, values: &[&str]| {
        keys.extend(values.iter().map(|v| format!("{prefix}{v}")));
    };
    // i18n::dates
    from("weekday_", &["1", "2", "3", "4", "5", "6", "7"]);
    from(
        "month_",
        &[
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        ],
    );
    // web/dashboard/jobs.rs
    from(
        "job_status_",
        &crate::jobs::JobStatus::ALL
            .iter()
            .map(|s| crate::db::TextEnum::as_str(*s))
            .collect::<Vec<_>>(),
    );
    {
        use crate::app::effects::kinds;
        from(
            "job_kind_",
            &[
                kinds::MAIL,
                kinds::PUBLISH,
                kinds::ANSWER,
                kinds::COUNTS,
                kinds::RELEASE_HOLD,
                crate::federation::delivery::JOB_KIND,
                crate::members::reminders::JOB_KIND,
                crate::newsletter::sending::START_JOB,
                crate::newsletter::sending::BATCH_JOB,
                kinds::CHAT,
                crate::notifications::digest::JOB_KIND,
            ],
        );
    }
    // notifications::NoticeKind::key
    let notice_kinds: Vec<&str> = <crate::notifications::NoticeKind as crate::db::TextEnum>::ALL
        .iter()
        .map(|k| crate::db::TextEnum::as_str(*k))
        .collect();
    from("chat_kind_", &notice_kinds);
    // web/dashboard/users.rs
    let roles: Vec<&str> = <crate::accounts::Role as crate::db::TextEnum>::ALL
        .iter()
        .map(|r| crate::db::TextEnum::as_str(*r))
        .collect();
    from("role_", &roles);
    // web/dashboard/events/event_form.rs
    let statuses: Vec<&str> = [
        EventStatus::Scheduled,
        EventStatus::Postponed,
        EventStatus::Cancelled,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    from("status_", &statuses);
    // web/dashboard/privacy.rs
    let sources: Vec<&str> = crate::newsletter::subscriptions::SubscriptionSource::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    from("subscription_source_", &sources);
    // web/dashboard/me.rs
    let registrations: Vec<&str> = RegistrationStatus::ALL.iter().map(|s| s.as_str()).collect();
    from("reg_", &registrations);
    // web/dashboard/contacts/person.rs
    let sources: Vec<&str> = contacts::Source::ALL.iter().map(|s| s.as_str()).collect();
    from("contact_source_", &sources);
    let actions: Vec<&str> = history::Action::ALL.iter().map(|a| a.as_str()).collect();
    from("contact_history_", &actions);
    // web/dashboard/imports.rs
    let targets: Vec<&str> = import::BUILT_IN.iter().map(|(k, _)| *k).collect();
    from("import_target_", &targets);
    // ledger: journals and everyday categories
    let journals: Vec<&str> = crate::ledger::JournalKind::ALL
        .iter()
        .map(|k| crate::db::TextEnum::as_str(*k))
        .collect();
    from("ledger_journal_", &journals);
    let categories: Vec<&str> = crate::ledger::categories::SHIPPED
        .iter()
        .map(|c| c.0)
        .collect();
    from("ledger_category_", &categories);
    // members::memberships::Status::key
    let day = chrono::NaiveDate::from_ymd_opt(2027, 8, 31).unwrap();
    for status in [
        memberships::Status::Current { until: day },
        memberships::Status::ToRenew { until: day },
        memberships::Status::Lapsed { ended_on: day },
        memberships::Status::Never,
    ] {
        keys.push(status.key().to_string());
    }
    keys
}
