//! Subscribing on the public form, and the rows a request makes pending (shared with the
//! team's additions).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::confirmation_mail::confirmation_mail;
use super::{
    CONFIRM_VALIDITY, RESEND_AFTER, Site, Subscription, SubscriptionSource, new_unsubscribe_token,
};
use crate::accounts::tokens;
use crate::app::effects::{Effect, record};
use crate::db::{DbConn, now, schema::subscriptions};
use crate::error::{Error, FieldError, Result};
use crate::i18n::Lang;
use crate::members::contacts::{self as people, ContactInput};
use crate::newsletter::lists::{self, List, SubscriptionStatus};

/// What became of a subscription request. The public page says the same thing in every case
/// (it never tells whether an address is known); the outcome is for tests and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscribed {
    /// A confirmation mail is queued.
    MailQueued,
    /// A confirmation mail went to this address less than `RESEND_AFTER` ago: none now.
    NotResent,
    /// Already confirmed on every chosen list: no mail.
    AlreadyConfirmed,
}

/// The public form: finds or makes the person's record, makes or refreshes a `pending`
/// subscription on each chosen public list with a fresh confirmation secret, and queues one
/// confirmation mail in `lang` (at most one every `RESEND_AFTER` per address). `form_url` is
/// the page the form was on.
pub fn subscribe(
    conn: &mut DbConn,
    email: &str,
    name: &str,
    lang: &str,
    list_ids: &[i64],
    form_url: &str,
    site: &Site,
) -> Result<Subscribed> {
    let input = person(email, name, lang);
    let mut errors = check_person(&input)?;
    if list_ids.is_empty() {
        errors.push(FieldError {
            field: "lists",
            code: "nl_sub_choose_list",
        });
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    crate::db::transaction(conn, |c| {
        let mut ids = list_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut chosen = Vec::new();
        for id in &ids {
            match lists::find(c, *id) {
                Ok(list) if list.is_public() => chosen.push(list),
                Ok(_) | Err(Error::NotFound) => {
                    return Err(Error::invalid("lists", "nl_sub_list_invalid"));
                }
                Err(e) => return Err(e),
            }
        }
        let contact = people::find_or_create_by_email(c, &input, people::Source::Newsletter)?;
        let mut to_confirm = Vec::new();
        for list in chosen {
            match find_row(c, list.id, contact.id)? {
                Some(sub) if sub.is_confirmed() => {}
                existing => to_confirm.push((list, existing)),
            }
        }
        if to_confirm.is_empty() {
            return Ok(Subscribed::AlreadyConfirmed);
        }
        if mailed_recently(c, contact.id)? {
            // No new secret: that would spoil the link just sent. A list the person was not
            // waiting for yet becomes pending without a link; the next request, ten minutes
            // on, sends one.
            for (list, existing) in &to_confirm {
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
                        SubscriptionSource::Form,
                        Some(form_url),
                    )?;
                }
            }
            return Ok(Subscribed::NotResent);
        }
        let secret = tokens::random_token(32);
        for (list, existing) in &to_confirm {
            set_pending(
                c,
                list.id,
                contact.id,
                existing.as_ref(),
                Some(&secret),
                SubscriptionSource::Form,
                Some(form_url),
            )?;
        }
        let lists: Vec<List> = to_confirm.into_iter().map(|(l, _)| l).collect();
        let to = contact.email.clone().unwrap_or_else(|| email.trim().into());
        let mail = confirmation_mail(&to, lang, &lists, &secret, site)?;
        record(c, Effect::Mail(mail))?;
        Ok(Subscribed::MailQueued)
    })
}

/// A record's details from a one-line name: `Camille Dupré` → first name `Camille`, last name
/// `Dupré`.
pub(super) fn person(email: &str, name: &str, lang: &str) -> ContactInput {
    let name = name.trim();
    let (first, last) = match name.split_once(char::is_whitespace) {
        Some((first, last)) => (first.trim(), last.trim()),
        None => (name, ""),
    };
    ContactInput {
        first_name: first.into(),
        last_name: last.into(),
        email: email.trim().into(),
        lang: Lang::from_code(lang).code().into(),
        ..Default::default()
    }
}

/// The mistakes in a person's details, all at once; an address is required here.
pub(super) fn check_person(input: &ContactInput) -> Result<Vec<FieldError>> {
    let mut errors = match input.check() {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(errors)) => errors,
        Err(e) => return Err(e),
    };
    errors.retain(|e| e.code != "name_or_email_required");
    if input.email.trim().is_empty() {
        errors.push(FieldError {
            field: "email",
            code: "required",
        });
    }
    Ok(errors)
}

pub(super) fn find_row(
    conn: &mut DbConn,
    list_id: i64,
    contact_id: i64,
) -> Result<Option<Subscription>> {
    Ok(subscriptions::table
        .filter(subscriptions::list_id.eq(list_id))
        .filter(subscriptions::contact_id.eq(contact_id))
        .select(Subscription::as_select())
        .first(conn)
        .optional()?)
}

/// Whether a confirmation mail went to this person less than `RESEND_AFTER` ago.
pub(super) fn mailed_recently(conn: &mut DbConn, contact_id: i64) -> Result<bool> {
    let recent: i64 = subscriptions::table
        .filter(subscriptions::contact_id.eq(contact_id))
        .filter(subscriptions::confirm_sent_at.gt(now() - RESEND_AFTER))
        .count()
        .get_result(conn)?;
    Ok(recent > 0)
}

/// Makes the row pending (inserting it if needed). With a secret, the row gets its hash, an
/// expiry and the time the mail was sent; without, the link fields are left empty.
#[allow(clippy::too_many_arguments)]
pub(super) fn set_pending(
    conn: &mut DbConn,
    list_id: i64,
    contact_id: i64,
    existing: Option<&Subscription>,
    secret: Option<&str>,
    source: SubscriptionSource,
    url: Option<&str>,
) -> Result<()> {
    let at = now();
    let hash = secret.map(tokens::hash);
    let expires = secret.map(|_| at + CONFIRM_VALIDITY);
    let sent = secret.map(|_| at);
    match existing {
        Some(sub) => {
            diesel::update(subscriptions::table.find(sub.id))
                .set((
                    subscriptions::status.eq(SubscriptionStatus::Pending),
                    subscriptions::confirm_hash.eq(hash),
                    subscriptions::confirm_expires_at.eq(expires),
                    subscriptions::confirm_sent_at.eq(sent),
                    subscriptions::source.eq(source),
                    subscriptions::source_url.eq(url),
                    subscriptions::confirmed_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::list_id.eq(list_id),
                    subscriptions::contact_id.eq(contact_id),
                    subscriptions::status.eq(SubscriptionStatus::Pending),
                    subscriptions::confirm_hash.eq(hash),
                    subscriptions::confirm_expires_at.eq(expires),
                    subscriptions::confirm_sent_at.eq(sent),
                    subscriptions::unsubscribe_token.eq(new_unsubscribe_token()),
                    subscriptions::source.eq(source),
                    subscriptions::source_url.eq(url),
                    subscriptions::created_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_name_splits_into_first_and_last() {
        let p = person(" a@b.org ", "Camille  Dupré Martin", "en");
        assert_eq!(p.first_name, "Camille");
        assert_eq!(p.last_name, "Dupré Martin");
        assert_eq!(p.lang, "en");
        let p = person("a@b.org", "Camille", "xx");
        assert_eq!(
            (p.first_name.as_str(), p.last_name.as_str()),
            ("Camille", "")
        );
        assert_eq!(p.lang, "fr");
    }
}
