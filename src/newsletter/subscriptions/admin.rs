//! Someone added to a list by the team, from the dashboard or the API.

use diesel::prelude::*;

use super::confirmation_mail::confirmation_mail;
use super::subscribe::{check_person, find_row, mailed_recently, person, set_pending};
use super::{Site, SubscriptionSource, new_unsubscribe_token};
use crate::accounts::tokens;
use crate::app::effects::{Effect, record};
use crate::db::{DbConn, now, schema::subscriptions};
use crate::error::{Error, FieldError, Result};
use crate::members::{consents, contacts as people, history};
use crate::newsletter::lists::{self, SubscriptionStatus};

/// How the team adds someone to a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddMode {
    /// The confirmation mail, as if they had used the form (the default).
    SendConfirmation,
    /// Confirmed at once: the person agreed otherwise (a paper form, at the AGM...), said in
    /// `consent_source`, which is recorded. It may be empty only for a private or members list.
    AtOnce { consent_source: String },
}

/// Someone the team adds.
#[derive(Debug, Clone)]
pub struct AdminAdd {
    pub email: String,
    pub name: String,
    /// The language of the confirmation mail: `fr` or `en`.
    pub lang: String,
    pub mode: AddMode,
    /// `Dashboard` or `Api`.
    pub source: SubscriptionSource,
}

/// What became of an addition by the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    Confirmed(i64),
    MailQueued(i64),
    /// A confirmation mail went to the address less than `RESEND_AFTER` ago.
    NotResent(i64),
    /// On the list already: nothing changed.
    AlreadyConfirmed(i64),
}

impl Added {
    pub fn id(&self) -> i64 {
        match self {
            Added::Confirmed(id)
            | Added::MailQueued(id)
            | Added::NotResent(id)
            | Added::AlreadyConfirmed(id) => *id,
        }
    }

    /// A short word for the API and the dashboard's notice.
    pub fn as_str(&self) -> &'static str {
        match self {
            Added::Confirmed(_) => "confirmed",
            Added::MailQueued(_) => "confirmation_sent",
            Added::NotResent(_) => "confirmation_sent_recently",
            Added::AlreadyConfirmed(_) => "already_confirmed",
        }
    }
}

/// Adds someone to a list from the dashboard or the API: a confirmation mail, or confirmed at
/// once when the person agreed otherwise (the consent's source is recorded) or the list is not
/// public.
pub fn add_by_admin(
    conn: &mut DbConn,
    list_id: i64,
    add: &AdminAdd,
    by: Option<i64>,
    site: &Site,
) -> Result<Added> {
    let input = person(&add.email, &add.name, &add.lang);
    let list = lists::find(conn, list_id)?;
    let mut errors = check_person(&input)?;
    if let AddMode::AtOnce { consent_source } = &add.mode {
        if consent_source.trim().is_empty() && list.is_public() {
            errors.push(FieldError {
                field: "consent_source",
                code: "nl_sub_consent_source_required",
            });
        } else if consent_source.trim().chars().count() > 300 {
            errors.push(FieldError {
                field: "consent_source",
                code: "too_long",
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let contact_source = if add.source == SubscriptionSource::Api {
        people::Source::Api
    } else {
        people::Source::Dashboard
    };
    crate::db::transaction(conn, |c| {
        let contact = people::find_or_create_by_email(c, &input, contact_source)?;
        let existing = find_row(c, list.id, contact.id)?;
        if let Some(sub) = existing.as_ref().filter(|s| s.is_confirmed()) {
            return Ok(Added::AlreadyConfirmed(sub.id));
        }
        match &add.mode {
            AddMode::AtOnce { consent_source } => {
                let at = now();
                let id = match existing {
                    Some(sub) => {
                        diesel::update(subscriptions::table.find(sub.id))
                            .set((
                                subscriptions::status.eq(SubscriptionStatus::Confirmed),
                                subscriptions::confirmed_at.eq(Some(at)),
                                subscriptions::source.eq(add.source),
                                subscriptions::source_url.eq(None::<String>),
                            ))
                            .execute(c)?;
                        sub.id
                    }
                    None => diesel::insert_into(subscriptions::table)
                        .values((
                            subscriptions::list_id.eq(list.id),
                            subscriptions::contact_id.eq(contact.id),
                            subscriptions::status.eq(SubscriptionStatus::Confirmed),
                            subscriptions::unsubscribe_token.eq(new_unsubscribe_token()),
                            subscriptions::source.eq(add.source),
                            subscriptions::created_at.eq(at),
                            subscriptions::confirmed_at.eq(Some(at)),
                        ))
                        .returning(subscriptions::id)
                        .get_result(c)?,
                };
                let consent_source = consent_source.trim();
                if !consent_source.is_empty() {
                    consents::record(
                        c,
                        contact.id,
                        consents::ConsentKind::Newsletter,
                        true,
                        consent_source,
                        by,
                    )?;
                }
                history::record(c, contact.id, by, history::Action::Subscribed, &list.slug)?;
                people::touch(c, contact.id)?;
                Ok(Added::Confirmed(id))
            }
            AddMode::SendConfirmation => {
                if mailed_recently(c, contact.id)? {
                    if existing
                        .as_ref()
                        .is_none_or(|s| s.status != SubscriptionStatus::Pending)
                    {
                        set_pending(
                            c,
                            list.id,
                            contact.id,
                            existing.as_ref(),
                            None,
                            add.source,
                            None,
                        )?;
                    }
                    let id = find_row(c, list.id, contact.id)?.ok_or(Error::NotFound)?.id;
                    return Ok(Added::NotResent(id));
                }
                let secret = tokens::random_token(32);
                set_pending(
                    c,
                    list.id,
                    contact.id,
                    existing.as_ref(),
                    Some(&secret),
                    add.source,
                    None,
                )?;
                let to = contact
                    .email
                    .clone()
                    .unwrap_or_else(|| add.email.trim().into());
                let lang = if add.lang.is_empty() {
                    contact.lang.as_str()
                } else {
                    add.lang.as_str()
                };
                let mail =
                    confirmation_mail(&to, lang, std::slice::from_ref(&list), &secret, site)?;
                record(c, Effect::Mail(mail))?;
                let id = find_row(c, list.id, contact.id)?.ok_or(Error::NotFound)?.id;
                Ok(Added::MailQueued(id))
            }
        }
    })
}
