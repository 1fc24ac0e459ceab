//! One contact's page: the details and custom fields, tags and groups, consents, newsletter
//! subscriptions, the history, the linked login account, and links to the memberships, the
//! export of the person's data and the erasure.

use crate::i18n::{Lang, msg};
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    CustomInput, DetailsForm, Empty, custom_inputs, custom_values, details, name_of,
    subscription_words,
};
use crate::accounts::{Capability, users};
use crate::db::TextEnum;
use crate::error::Error;
use crate::members::{
    consents, contacts, fields, history,
    tags::{self, Tag},
};
use crate::web::{
    csrf::CheckedForm,
    dashboard::{dash_layout, privacy::consent_source},
    pages::{FormErrors, Layout, PageError, render, when},
    session::SignedIn,
};
use crate::{App, app};

pub struct ConsentNow {
    pub kind: &'static str,
    pub state: &'static str,
    pub given: bool,
    pub when: String,
    pub source: String,
}

pub struct ConsentLine {
    pub kind: &'static str,
    pub answer: &'static str,
    pub when: String,
    pub source: String,
    pub by: String,
}

pub struct HistoryLine {
    pub when: String,
    pub what: String,
    pub detail: String,
    pub by: String,
}

/// The consent form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub given: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Template)]
#[template(path = "dashboard/contacts_page.html")]
struct ContactPage {
    l: Layout,
    id: i64,
    name: String,
    anonymized: Option<String>,
    bounced: Option<String>,
    source: String,
    created: String,
    notice: Option<&'static str>,
    f: DetailsForm,
    custom: Vec<CustomInput>,
    errors: FormErrors,
    tags: Vec<Tag>,
    addable: Vec<Tag>,
    consents_now: Vec<ConsentNow>,
    consent_log: Vec<ConsentLine>,
    consent_kinds: Vec<(&'static str, &'static str)>,
    cf: ConsentForm,
    consent_errors: FormErrors,
    subscriptions: Vec<(String, &'static str)>,
    history: Vec<HistoryLine>,
    account: Option<String>,
    accounts: Vec<(i64, String)>,
    account_errors: FormErrors,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    pub saved: Option<String>,
    pub done: Option<String>,
}

/// Everything the page shows, with the details form filled from the record.
async fn load(app: &App, lang: Lang, me: &SignedIn, id: i64) -> Result<ContactPage, Error> {
    let data = app
        .db
        .read(move |c| {
            let contact = contacts::find(c, id)?;
            let defs = fields::all(c)?;
            let values: Vec<(i64, String)> = fields::values_of(c, id)?
                .into_iter()
                .map(|v| (v.field_id, v.value))
                .collect();
            Ok::<_, Error>((
                contact,
                defs,
                values,
                tags::of_contact(c, id)?,
                tags::all(c)?,
                consents::current(c, id)?,
                consents::log(c, id)?,
                contacts::subscriptions_of(c, id)?,
                history::list(c, id)?,
                users::list(c)?,
            ))
        })
        .await?;
    let (contact, defs, values, own_tags, all_tags, now, log, subs, lines, accounts) = data;
    let tz = app.settings.timezone;
    let account_name = |user_id: Option<i64>| -> String {
        match user_id {
            None => String::new(),
            Some(u) => accounts
                .iter()
                .find(|a| a.id == u)
                .map(|a| {
                    if a.display_name.trim().is_empty() {
                        a.email.clone()
                    } else {
                        format!("{} ({})", a.display_name, a.email)
                    }
                })
                .unwrap_or_else(|| format!("#{u}")),
        }
    };
    let errors = FormErrors::default();
    let custom = custom_inputs(&defs, &values, &errors, lang);
    let consents_now = consents::ConsentKind::ALL
        .iter()
        .map(|kind| {
            let latest = now.iter().find(|c| c.kind == *kind);
            ConsentNow {
                kind: consent_words(lang, *kind),
                state: match latest {
                    Some(c) if c.given => lang.t("contact_consent_given"),
                    Some(_) => lang.t("contact_consent_withdrawn"),
                    None => lang.t("contact_consent_never"),
                },
                given: latest.is_some_and(|c| c.given),
                when: latest
                    .map(|c| when(lang, tz, &c.recorded_at))
                    .unwrap_or_default(),
                source: latest
                    .map(|c| consent_source(lang, tz, &c.source))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let consent_log = log
        .iter()
        .rev()
        .map(|c| ConsentLine {
            kind: consent_words(lang, c.kind),
            answer: if c.given {
                lang.t("contact_consent_given")
            } else {
                lang.t("contact_consent_withdrawn")
            },
            when: when(lang, tz, &c.recorded_at),
            source: consent_source(lang, tz, &c.source),
            by: account_name(c.recorded_by),
        })
        .collect();
    let history = lines
        .iter()
        .map(|e| {
            let (what, detail) = history_words(lang, e.action, &e.detail, &account_name);
            HistoryLine {
                when: when(lang, tz, &e.at),
                what,
                detail,
                by: account_name(e.user_id),
            }
        })
        .collect();
    let addable = all_tags
        .into_iter()
        .filter(|t| !own_tags.iter().any(|o| o.id == t.id))
        .collect();
    let l = dash_layout(app, lang, &format!("/dashboard/contacts/{id}"), me).await?;
    Ok(ContactPage {
        l,
        id,
        name: name_of(&contact, lang),
        anonymized: contact.anonymized_at.map(|t| when(lang, tz, &t)),
        bounced: contact.email_bounced_at.map(|t| {
            let reason = contact.bounce_reason.clone().unwrap_or_default();
            format!("{} {}", when(lang, tz, &t), reason)
                .trim()
                .to_string()
        }),
        source: source_words(lang, contact.source),
        created: when(lang, tz, &contact.created_at),
        notice: None,
        f: DetailsForm::from_contact(&contact),
        custom,
        errors,
        tags: own_tags,
        addable,
        consents_now,
        consent_log,
        consent_kinds: consents::ConsentKind::ALL
            .iter()
            .map(|k| (k.as_str(), consent_words(lang, *k)))
            .collect(),
        cf: ConsentForm {
            kind: consents::ConsentKind::Newsletter.as_str().into(),
            given: "yes".into(),
            source: String::new(),
        },
        consent_errors: FormErrors::default(),
        subscriptions: subs
            .into_iter()
            .map(|(list, status)| (list, subscription_words(lang, &status)))
            .collect(),
        history,
        account: contact.user_id.map(|u| account_name(Some(u))),
        accounts: accounts
            .iter()
            .map(|a| (a.id, account_name(Some(a.id))))
            .collect(),
        account_errors: FormErrors::default(),
    })
}

fn consent_words(lang: Lang, kind: consents::ConsentKind) -> &'static str {
    match kind {
        consents::ConsentKind::Newsletter => lang.t("contact_consent_newsletter"),
        consents::ConsentKind::Photos => lang.t("contact_consent_photos"),
    }
}

/// The kind named in a history line's detail, in words (the word as written when no kind
/// has that name: a line is shown, never hidden).
fn consent_kind(lang: Lang, kind: &str) -> String {
    match consents::ConsentKind::parse(kind) {
        Some(kind) => consent_words(lang, kind).to_string(),
        None => kind.to_string(),
    }
}

fn source_words(lang: Lang, source: contacts::Source) -> String {
    lang.t(&format!("contact_source_{}", source.as_str()))
        .to_string()
}

/// A history line in the reader's words: what happened, and its detail.
fn history_words(
    lang: Lang,
    action: history::Action,
    detail: &str,
    account_name: &dyn Fn(Option<i64>) -> String,
) -> (String, String) {
    let what = |key: &str| lang.t(key).to_string();
    match action {
        history::Action::Created | history::Action::Imported => (
            what(&format!("contact_history_{}", action.as_str())),
            // The detail of these lines is the record's source word; a line of another shape
            // (an older version's) is shown as it was written.
            contacts::Source::parse(detail)
                .map(|source| source_words(lang, source))
                .unwrap_or_else(|| detail.to_string()),
        ),
        history::Action::Consent => {
            let (kind, answer) = detail.split_once(':').unwrap_or((detail, ""));
            let answer = match answer {
                "given" => lang.t("contact_consent_given"),
                "withdrawn" => lang.t("contact_consent_withdrawn"),
                _ => "",
            };
            (
                what("contact_history_consent"),
                format!("{} : {answer}", consent_kind(lang, kind)),
            )
        }
        history::Action::AccountLinked => match detail.parse::<i64>() {
            Ok(user) => (
                what("contact_history_account_linked"),
                account_name(Some(user)),
            ),
            Err(_) => (what("contact_history_account_unlinked"), String::new()),
        },
        history::Action::Membership => (
            what("contact_history_membership"),
            membership_detail(lang, detail),
        ),
        history::Action::Subscribed if detail == MEMBERS_LIST_DETAIL => (
            what("contact_history_subscribed"),
            lang.t("history_subscribed_members_list").to_string(),
        ),
        _ => (
            what(&format!("contact_history_{}", action.as_str())),
            detail.to_string(),
        ),
    }
}

/// What the campaign sender writes when it puts a member on a members' list.
const MEMBERS_LIST_DETAIL: &str = "membership: members' list";

/// A membership line of the history in words. `members::memberships` writes it as a verb and
/// the membership (`added #12 Adhésion 2026-09-01..2027-08-31 25.00`), or `covered by #12 of
/// #3` for a person a family membership covers; anything else shows as it is.
fn membership_detail(lang: Lang, detail: &str) -> String {
    if let Some((membership, payer)) = detail
        .strip_prefix("covered by #")
        .and_then(|rest| rest.split_once(" of #"))
    {
        return lang.t_args(
            "history_membership_covered",
            &[("membership", membership.into()), ("payer", payer.into())],
        );
    }
    let (verb, what) = detail.split_once(' ').unwrap_or((detail, ""));
    let key = match verb {
        "added" => msg("history_membership_added"),
        "edited" => msg("history_membership_edited"),
        "deleted" => msg("history_membership_deleted"),
        _ => return detail.to_string(),
    };
    lang.t_with(key, "what", what)
}

pub async fn show(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let mut page = load(&app, lang, &me, id).await?;
    page.notice = match q.done.as_deref() {
        Some("merged") => Some("contact_merged"),
        _ if q.saved.is_some() => Some("saved"),
        _ => None,
    };
    Ok(render(&page))
}

/// Saves the details and the custom fields together: all or nothing.
pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(pairs): CheckedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let form = DetailsForm::from_pairs(&pairs);
    let by = me.user.id;
    let saved = app::contacts::update(&app, id, details(&form, pairs.clone()), by).await;
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/dashboard/contacts/{id}?saved=1")).into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let mut page = load(&app, lang, &me, id).await?;
            let defs = app.db.read(fields::all).await?;
            page.custom = custom_inputs(&defs, &custom_values(&pairs, &defs), &errors, lang);
            page.f = form;
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct TagForm {
    #[serde(default)]
    pub tag_id: String,
}

pub async fn add_tag(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<TagForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    if let Ok(tag_id) = form.tag_id.trim().parse::<i64>() {
        app::contacts::add_tag(&app, id, tag_id).await?;
    }
    Ok(Redirect::to(&format!("/dashboard/contacts/{id}#tags")).into_response())
}

pub async fn remove_tag(
    State(app): State<App>,
    me: SignedIn,
    Path((id, tag_id)): Path<(i64, i64)>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    app::contacts::remove_tag(&app, id, tag_id).await?;
    Ok(Redirect::to(&format!("/dashboard/contacts/{id}#tags")).into_response())
}

/// Records a consent given or withdrawn, with how it was given (a paper form, a phone call).
pub async fn consent(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ConsentForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let by = me.user.id;
    let recorded = app::contacts::record_consent(&app, id, consent_answer(&form), by).await;
    match recorded {
        Ok(()) => Ok(Redirect::to(&format!("/dashboard/contacts/{id}#consents")).into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let mut page = load(&app, lang, &me, id).await?;
            page.cf = form;
            page.consent_errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

/// The consent form as the use case reads it: the answer in words becomes yes, no, or not
/// understood.
fn consent_answer(f: &ConsentForm) -> crate::members::consents::ConsentAnswer {
    crate::members::consents::ConsentAnswer {
        kind: f.kind.clone(),
        given: match f.given.trim() {
            "yes" | "true" | "given" => Some(true),
            "no" | "false" | "withdrawn" => Some(false),
            _ => None,
        },
        source: f.source.clone(),
    }
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub user_id: String,
}

/// The account chosen in the form: none (an empty choice) or an account's number; anything
/// else is refused as the use case refuses an account that does not exist.
fn account_choice(text: &str) -> Result<Option<i64>, Error> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| Error::invalid("user_id", "contact_account_unknown")),
    }
}

/// Links a login account to the person, or unlinks it (an empty choice).
pub async fn link_account(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<AccountForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let by = me.user.id;
    let linked = match account_choice(&form.user_id) {
        Ok(user_id) => app::contacts::link_account(&app, id, user_id, by).await,
        Err(e) => Err(e),
    };
    match linked {
        Ok(()) => Ok(Redirect::to(&format!("/dashboard/contacts/{id}#account")).into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let mut page = load(&app, lang, &me, id).await?;
            page.account_errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}
