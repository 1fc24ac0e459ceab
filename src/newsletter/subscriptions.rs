//! Subscriptions: who is on which list, with double opt-in. A person who subscribes on the
//! public form is `pending` and gets ONE confirmation mail; nothing else is ever sent to a
//! pending subscription. The link in that mail confirms (and records the consent); every
//! campaign mail carries the subscription's stable unsubscribe link, which works without login.
//!
//! The links (`{base}/newsletter/confirm/{secret}`, `{base}/newsletter/unsubscribe/{token}`)
//! hold nothing but a random secret, so any later version can read them: only the SHA-256 of
//! the confirmation secret is stored; the unsubscribe token is stored as it is (it must be put
//! in every campaign mail).

use askama::Template;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::lists::{self, List, kind, status};
use crate::accounts::tokens;
use crate::app::effects::{Effect, record};
use crate::db::{
    DbConn, now,
    schema::{campaigns, contacts, newsletter_lists, subscriptions},
};
use crate::error::{Error, FieldError, Result};
use crate::i18n::Lang;
use crate::mail::Mail;
use crate::members::{
    consents,
    contacts::{self as people, Contact, ContactInput},
    history, names,
};

/// How long a confirmation link works.
pub const CONFIRM_VALIDITY: Duration = Duration::days(7);
/// At most one confirmation mail per address in this time, whatever is posted.
pub const RESEND_AFTER: Duration = Duration::minutes(10);
/// Subscribers per page in the dashboard.
pub const PER_PAGE: i64 = 50;

/// Where subscriptions come from (`subscriptions.source`); the public form's is `form <url>`.
pub mod source {
    pub const DASHBOARD: &str = "dashboard";
    pub const API: &str = "api";
    /// Made by the campaign sender for members of a `members` list.
    pub const MEMBERSHIP: &str = "membership";

    /// The public form, with the address of the page it was on.
    pub fn form(url: &str) -> String {
        format!("form {url}")
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: i64,
    pub list_id: i64,
    pub contact_id: i64,
    /// `pending`, `confirmed` or `unsubscribed`.
    pub status: String,
    #[serde(skip)]
    pub confirm_hash: Option<String>,
    pub confirm_expires_at: Option<NaiveDateTime>,
    pub confirm_sent_at: Option<NaiveDateTime>,
    #[serde(skip)]
    pub unsubscribe_token: String,
    pub source: String,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub unsubscribed_at: Option<NaiveDateTime>,
    pub unsubscribed_campaign_id: Option<i64>,
}

impl Subscription {
    pub fn is_confirmed(&self) -> bool {
        self.status == status::CONFIRMED
    }

    /// The path of the unsubscribe page, on this site.
    pub fn unsubscribe_path(&self) -> String {
        unsubscribe_path(&self.unsubscribe_token)
    }
}

/// `/newsletter/unsubscribe/{token}`: the address every campaign mail links to (with
/// `?c={campaign_id}`).
pub fn unsubscribe_path(token: &str) -> String {
    crate::urls::unsubscribe(token)
}

/// A new unsubscribe token, for whoever makes a subscription row (the campaign sender does
/// for members).
pub fn new_unsubscribe_token() -> String {
    tokens::random_token(24)
}

/// What a confirmation mail needs to know of the site.
#[derive(Debug, Clone)]
pub struct Site {
    /// `https://asso.example`, without the trailing slash.
    pub base_url: String,
    pub name: String,
}

// ---------------------------------------------------------------------------------------------
// Subscribing on the public form

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
/// confirmation mail in `lang` (at most one every `RESEND_AFTER` per address). `source` is
/// `source::form(url)`.
pub fn subscribe(
    conn: &mut DbConn,
    email: &str,
    name: &str,
    lang: &str,
    list_ids: &[i64],
    source: &str,
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
        let contact = people::find_or_create_by_email(c, &input, people::source::NEWSLETTER)?;
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
                    .is_none_or(|s| s.status != status::PENDING)
                {
                    set_pending(c, list.id, contact.id, existing.as_ref(), None, source)?;
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
                source,
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
fn person(email: &str, name: &str, lang: &str) -> ContactInput {
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
fn check_person(input: &ContactInput) -> Result<Vec<FieldError>> {
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

fn find_row(conn: &mut DbConn, list_id: i64, contact_id: i64) -> Result<Option<Subscription>> {
    Ok(subscriptions::table
        .filter(subscriptions::list_id.eq(list_id))
        .filter(subscriptions::contact_id.eq(contact_id))
        .select(Subscription::as_select())
        .first(conn)
        .optional()?)
}

/// Whether a confirmation mail went to this person less than `RESEND_AFTER` ago.
fn mailed_recently(conn: &mut DbConn, contact_id: i64) -> Result<bool> {
    let recent: i64 = subscriptions::table
        .filter(subscriptions::contact_id.eq(contact_id))
        .filter(subscriptions::confirm_sent_at.gt(now() - RESEND_AFTER))
        .count()
        .get_result(conn)?;
    Ok(recent > 0)
}

/// Makes the row pending (inserting it if needed). With a secret, the row gets its hash, an
/// expiry and the time the mail was sent; without, the link fields are left empty.
fn set_pending(
    conn: &mut DbConn,
    list_id: i64,
    contact_id: i64,
    existing: Option<&Subscription>,
    secret: Option<&str>,
    source: &str,
) -> Result<()> {
    let at = now();
    let hash = secret.map(tokens::hash);
    let expires = secret.map(|_| at + CONFIRM_VALIDITY);
    let sent = secret.map(|_| at);
    match existing {
        Some(sub) => {
            diesel::update(subscriptions::table.find(sub.id))
                .set((
                    subscriptions::status.eq(status::PENDING),
                    subscriptions::confirm_hash.eq(hash),
                    subscriptions::confirm_expires_at.eq(expires),
                    subscriptions::confirm_sent_at.eq(sent),
                    subscriptions::source.eq(source),
                    subscriptions::confirmed_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::list_id.eq(list_id),
                    subscriptions::contact_id.eq(contact_id),
                    subscriptions::status.eq(status::PENDING),
                    subscriptions::confirm_hash.eq(hash),
                    subscriptions::confirm_expires_at.eq(expires),
                    subscriptions::confirm_sent_at.eq(sent),
                    subscriptions::unsubscribe_token.eq(new_unsubscribe_token()),
                    subscriptions::source.eq(source),
                    subscriptions::created_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "mail/subscription_confirm.txt")]
struct ConfirmText<'a> {
    lang: Lang,
    site: &'a str,
    asked: String,
    link: &'a str,
    valid: String,
}

#[derive(Template)]
#[template(path = "mail/subscription_confirm.html")]
struct ConfirmHtml<'a> {
    lang: Lang,
    site: &'a str,
    /// The sentence with the lists' names in bold, escaped here.
    asked_html: String,
    link: &'a str,
    valid: String,
}

/// The confirmation mail, in French or English: text and HTML, with the link.
fn confirmation_mail(
    to: &str,
    lang: &str,
    chosen: &[List],
    secret: &str,
    site: &Site,
) -> Result<Mail> {
    let lang = Lang::from_code(lang);
    let link = crate::urls::absolute(&site.base_url, &crate::urls::newsletter_confirm(secret));
    let asked = |lists: String, site: String| {
        lang.t_args(
            "sub_mail_asked",
            &[("lists", lists.into()), ("site", site.into())],
        )
    };
    let quoted: Vec<String> = chosen
        .iter()
        .map(|l| lang.t_with("sub_mail_list_name", "name", &l.name))
        .collect();
    let bold: Vec<String> = chosen
        .iter()
        .map(|l| format!("<strong>{}</strong>", html_escape(&l.name)))
        .collect();
    let valid = lang.t_args(
        "sub_mail_valid",
        &[("days", CONFIRM_VALIDITY.num_days().into())],
    );
    let text = ConfirmText {
        lang,
        site: &site.name,
        asked: asked(quoted.join(", "), site.name.clone()),
        link: &link,
        valid: valid.clone(),
    }
    .render()
    .map_err(Error::internal)?;
    let html = ConfirmHtml {
        lang,
        site: &site.name,
        asked_html: asked(bold.join(", "), html_escape(&site.name)),
        link: &link,
        valid,
    }
    .render()
    .map_err(Error::internal)?;
    let subject = format!("{} · {}", lang.t("sub_mail_subject"), site.name);
    Ok(Mail {
        to: to.to_string(),
        subject,
        text,
        html: Some(html),
        headers: vec![("Auto-Submitted".into(), "auto-generated".into())],
    })
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

// ---------------------------------------------------------------------------------------------
// The confirmation link

/// One subscription with its list.
#[derive(Debug, Clone)]
pub struct OnList {
    pub subscription: Subscription,
    pub list: List,
}

/// What a confirmation link says, before or after it is followed.
#[derive(Debug, Clone)]
pub enum Confirmation {
    /// Waiting for the click (what the page with the button shows).
    Pending(Vec<OnList>),
    /// Confirmed just now.
    Confirmed(Vec<OnList>),
    /// Used already: every subscription of the link is confirmed.
    AlreadyConfirmed(Vec<OnList>),
    /// Past its `CONFIRM_VALIDITY`: nothing changed; subscribing again sends a new one.
    Expired,
}

/// The rows a confirmation secret stands for (one mail may cover several lists).
fn rows_of_secret(conn: &mut DbConn, secret: &str) -> Result<Vec<OnList>> {
    if secret.is_empty() || secret.len() > 200 {
        return Ok(Vec::new());
    }
    let rows: Vec<(Subscription, List)> = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::confirm_hash.eq(tokens::hash(secret)))
        .order(subscriptions::list_id.asc())
        .select((Subscription::as_select(), List::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(subscription, list)| OnList { subscription, list })
        .collect())
}

/// What the link is, without following it (a GET: mail scanners open links).
/// An unknown or forged secret is `NotFound`.
pub fn check(conn: &mut DbConn, secret: &str) -> Result<Confirmation> {
    let rows = rows_of_secret(conn, secret)?;
    state_of(rows).map(|(state, _)| state)
}

fn state_of(rows: Vec<OnList>) -> Result<(Confirmation, Vec<i64>)> {
    if rows.is_empty() {
        return Err(Error::NotFound);
    }
    let pending: Vec<i64> = rows
        .iter()
        .filter(|r| r.subscription.status == status::PENDING)
        .map(|r| r.subscription.id)
        .collect();
    if pending.is_empty() {
        return Ok((Confirmation::AlreadyConfirmed(rows), pending));
    }
    let expired = rows
        .iter()
        .filter(|r| pending.contains(&r.subscription.id))
        .any(|r| r.subscription.confirm_expires_at.is_none_or(|t| t <= now()));
    if expired {
        return Ok((Confirmation::Expired, Vec::new()));
    }
    Ok((Confirmation::Pending(rows), pending))
}

/// Follows the link: the pending subscriptions it stands for become confirmed, the consent is
/// recorded, and the address is known to work (a past bounce is forgotten). The hash stays,
/// so that a second click says "already confirmed".
pub fn confirm(conn: &mut DbConn, secret: &str) -> Result<Confirmation> {
    crate::db::transaction(conn, |c| {
        let rows = rows_of_secret(c, secret)?;
        let (state, pending) = state_of(rows)?;
        let Confirmation::Pending(rows) = state else {
            return Ok(state);
        };
        let at = now();
        // Only rows still pending: a click at the same moment from elsewhere confirms once.
        let changed = diesel::update(
            subscriptions::table
                .filter(subscriptions::id.eq_any(&pending))
                .filter(subscriptions::status.eq(status::PENDING)),
        )
        .set((
            subscriptions::status.eq(status::CONFIRMED),
            subscriptions::confirmed_at.eq(Some(at)),
        ))
        .execute(c)?;
        if changed == 0 {
            return Ok(Confirmation::AlreadyConfirmed(reload(c, rows)?));
        }
        let first = &rows[0].subscription;
        let contact_id = first.contact_id;
        let asked = first.confirm_sent_at.unwrap_or(first.created_at);
        let how = format!(
            "{} on {}, confirmed by the link",
            first.source,
            asked.format("%Y-%m-%d %H:%M UTC")
        );
        consents::record(c, contact_id, consents::NEWSLETTER, true, &how, None)?;
        for row in rows.iter().filter(|r| pending.contains(&r.subscription.id)) {
            history::record(c, contact_id, None, history::SUBSCRIBED, &row.list.slug)?;
        }
        people::touch(c, contact_id)?;
        diesel::update(contacts::table.find(contact_id))
            .set((
                contacts::email_bounced_at.eq(None::<NaiveDateTime>),
                contacts::bounce_reason.eq(None::<String>),
            ))
            .execute(c)?;
        Ok(Confirmation::Confirmed(reload(c, rows)?))
    })
}

fn reload(conn: &mut DbConn, rows: Vec<OnList>) -> Result<Vec<OnList>> {
    rows.into_iter()
        .map(|r| {
            Ok(OnList {
                subscription: find(conn, r.subscription.id)?,
                list: r.list,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The unsubscribe link

/// What following an unsubscribe link did.
#[derive(Debug, Clone)]
pub enum Unsubscribed {
    Done(OnList),
    /// Unsubscribed before: nothing changed.
    AlreadyUnsubscribed(OnList),
}

/// The subscription of an unsubscribe link, with its list and person (for the page with the
/// button). An unknown token is `NotFound`.
pub fn by_token(conn: &mut DbConn, token: &str) -> Result<(OnList, Contact)> {
    if token.is_empty() || token.len() > 200 {
        return Err(Error::NotFound);
    }
    let (subscription, list): (Subscription, List) = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::unsubscribe_token.eq(token))
        .select((Subscription::as_select(), List::as_select()))
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let contact = people::find(conn, subscription.contact_id)?;
    Ok((OnList { subscription, list }, contact))
}

/// Follows an unsubscribe link, no login needed. `campaign_id` is the campaign whose mail held
/// the link (`?c=`), kept for its counts when it is a campaign of ours.
pub fn unsubscribe(
    conn: &mut DbConn,
    token: &str,
    campaign_id: Option<i64>,
) -> Result<Unsubscribed> {
    crate::db::transaction(conn, |c| {
        let (row, _) = by_token(c, token)?;
        if row.subscription.status == status::UNSUBSCRIBED {
            return Ok(Unsubscribed::AlreadyUnsubscribed(row));
        }
        let campaign_id = match campaign_id {
            Some(id) => campaigns::table
                .find(id)
                .select(campaigns::id)
                .first::<i64>(c)
                .optional()?,
            None => None,
        };
        let how = match campaign_id {
            Some(id) => format!("unsubscribe link (campaign {id})"),
            None => "unsubscribe link".to_string(),
        };
        if !mark_unsubscribed(c, &row, campaign_id, None, &how)? {
            return Ok(Unsubscribed::AlreadyUnsubscribed(row));
        }
        Ok(Unsubscribed::Done(OnList {
            subscription: find(c, row.subscription.id)?,
            list: row.list,
        }))
    })
}

/// Takes someone off a list from the dashboard or the API (they asked the team). Twice is
/// harmless.
pub fn unsubscribe_by_admin(conn: &mut DbConn, id: i64, by: Option<i64>) -> Result<Subscription> {
    crate::db::transaction(conn, |c| {
        let subscription = find(c, id)?;
        if subscription.status != status::UNSUBSCRIBED {
            let list = lists::find(c, subscription.list_id)?;
            let row = OnList { subscription, list };
            mark_unsubscribed(c, &row, None, by, "asked the team")?;
        }
        find(c, id)
    })
}

/// Unsubscribed, with the date and the campaign; the confirmation link stops working (an old
/// one must not subscribe the person again). For a public list, the newsletter consent is
/// withdrawn unless the person is still confirmed on another public list.
fn mark_unsubscribed(
    conn: &mut DbConn,
    row: &OnList,
    campaign_id: Option<i64>,
    by: Option<i64>,
    how: &str,
) -> Result<bool> {
    let sub = &row.subscription;
    // Only a row not unsubscribed yet: two clicks at the same moment unsubscribe once.
    let changed = diesel::update(
        subscriptions::table
            .find(sub.id)
            .filter(subscriptions::status.ne(status::UNSUBSCRIBED)),
    )
    .set((
        subscriptions::status.eq(status::UNSUBSCRIBED),
        subscriptions::unsubscribed_at.eq(Some(now())),
        subscriptions::unsubscribed_campaign_id.eq(campaign_id),
        subscriptions::confirm_hash.eq(None::<String>),
        subscriptions::confirm_expires_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    history::record(
        conn,
        sub.contact_id,
        by,
        history::UNSUBSCRIBED,
        &row.list.slug,
    )?;
    if row.list.is_public() && !confirmed_on_a_public_list(conn, sub.contact_id)? {
        let how = format!("{how}, list {}", row.list.slug);
        consents::record(conn, sub.contact_id, consents::NEWSLETTER, false, &how, by)?;
    }
    Ok(true)
}

fn confirmed_on_a_public_list(conn: &mut DbConn, contact_id: i64) -> Result<bool> {
    let n: i64 = subscriptions::table
        .inner_join(newsletter_lists::table)
        .filter(subscriptions::contact_id.eq(contact_id))
        .filter(subscriptions::status.eq(status::CONFIRMED))
        .filter(newsletter_lists::kind.eq(kind::PUBLIC))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------------------------
// Added by the team

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
    /// `source::DASHBOARD` or `source::API`.
    pub source: &'static str,
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
    let contact_source = if add.source == source::API {
        people::source::API
    } else {
        people::source::DASHBOARD
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
                                subscriptions::status.eq(status::CONFIRMED),
                                subscriptions::confirmed_at.eq(Some(at)),
                                subscriptions::source.eq(add.source),
                            ))
                            .execute(c)?;
                        sub.id
                    }
                    None => diesel::insert_into(subscriptions::table)
                        .values((
                            subscriptions::list_id.eq(list.id),
                            subscriptions::contact_id.eq(contact.id),
                            subscriptions::status.eq(status::CONFIRMED),
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
                        consents::NEWSLETTER,
                        true,
                        consent_source,
                        by,
                    )?;
                }
                history::record(c, contact.id, by, history::SUBSCRIBED, &list.slug)?;
                people::touch(c, contact.id)?;
                Ok(Added::Confirmed(id))
            }
            AddMode::SendConfirmation => {
                if mailed_recently(c, contact.id)? {
                    if existing
                        .as_ref()
                        .is_none_or(|s| s.status != status::PENDING)
                    {
                        set_pending(c, list.id, contact.id, existing.as_ref(), None, add.source)?;
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

// ---------------------------------------------------------------------------------------------
// Reading

pub fn find(conn: &mut DbConn, id: i64) -> Result<Subscription> {
    subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// One subscriber of a list, as the dashboard and the API show them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Subscriber {
    #[serde(flatten)]
    pub subscription: Subscription,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    /// When a mail server refused the address for good.
    pub email_bounced_at: Option<NaiveDateTime>,
}

impl Subscriber {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

/// Which subscribers to show.
#[derive(Debug, Clone, Default)]
pub struct SubscriberQuery {
    /// Part of an address or a name; empty for everyone.
    pub search: String,
    /// `pending`, `confirmed` or `unsubscribed`; anything else for every status.
    pub status: String,
    /// From 1.
    pub page: i64,
}

/// A page of a list's subscribers, newest first, and how many match in all.
pub fn subscribers(
    conn: &mut DbConn,
    list_id: i64,
    q: &SubscriberQuery,
) -> Result<(Vec<Subscriber>, i64)> {
    let total: i64 = filtered(list_id, q).count().get_result(conn)?;
    let page = q.page.max(1);
    let rows = filtered(list_id, q)
        .order((subscriptions::created_at.desc(), subscriptions::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(subscriber_columns())
        .load(conn)?;
    Ok((rows.into_iter().map(subscriber).collect(), total))
}

/// Every subscriber of a list that matches (for the CSV export), newest first.
pub fn all_subscribers(
    conn: &mut DbConn,
    list_id: i64,
    q: &SubscriberQuery,
) -> Result<Vec<Subscriber>> {
    let rows = filtered(list_id, q)
        .order((subscriptions::created_at.desc(), subscriptions::id.desc()))
        .select(subscriber_columns())
        .load(conn)?;
    Ok(rows.into_iter().map(subscriber).collect())
}

type SubscriberColumns = (
    diesel::dsl::AsSelect<Subscription, <DbConn as diesel::Connection>::Backend>,
    (
        contacts::email,
        contacts::first_name,
        contacts::last_name,
        contacts::email_bounced_at,
    ),
);

fn subscriber_columns() -> SubscriberColumns {
    (
        Subscription::as_select(),
        (
            contacts::email,
            contacts::first_name,
            contacts::last_name,
            contacts::email_bounced_at,
        ),
    )
}

type Row = (
    Subscription,
    (Option<String>, String, String, Option<NaiveDateTime>),
);

fn subscriber((subscription, (email, first_name, last_name, email_bounced_at)): Row) -> Subscriber {
    Subscriber {
        subscription,
        email,
        first_name,
        last_name,
        email_bounced_at,
    }
}

/// A list's subscriptions joined to their people, filtered.
type Filtered<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::Filter<
        diesel::dsl::InnerJoin<subscriptions::table, contacts::table>,
        diesel::dsl::Eq<subscriptions::list_id, i64>,
    >,
    <DbConn as diesel::Connection>::Backend,
>;

fn filtered<'a>(list_id: i64, q: &SubscriberQuery) -> Filtered<'a> {
    let mut query = subscriptions::table
        .inner_join(contacts::table)
        .filter(subscriptions::list_id.eq(list_id))
        .into_boxed();
    if status::ALL.contains(&q.status.as_str()) {
        query = query.filter(subscriptions::status.eq(q.status.clone()));
    }
    let search = q.search.trim();
    if !search.is_empty() {
        let email = format!("%{}%", like_escape(&search.to_lowercase()));
        let name = format!("%{}%", like_escape(&names::fold(search)));
        query = query.filter(
            contacts::email_key
                .like(email)
                .escape('\\')
                .or(contacts::name_key.like(name).escape('\\')),
        );
    }
    query
}

fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
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

    #[test]
    fn the_confirmation_mail_holds_the_link_in_both_parts_and_both_languages() {
        let list = List {
            id: 1,
            slug: "newsletter".into(),
            name: "Lettre <d'info>".into(),
            description: String::new(),
            kind: kind::PUBLIC.into(),
            created_at: now(),
        };
        let site = Site {
            base_url: "https://asso.example".into(),
            name: "Lieu Respirer".into(),
        };
        for lang in ["fr", "en"] {
            let mail = confirmation_mail(
                "a@b.org",
                lang,
                std::slice::from_ref(&list),
                "SECRET",
                &site,
            )
            .unwrap();
            let link = "https://asso.example/newsletter/confirm/SECRET";
            assert!(mail.text.contains(link), "{}", mail.text);
            let html = mail.html.unwrap();
            assert!(html.contains(link), "{html}");
            assert!(!html.contains("<d'info>"), "names are escaped: {html}");
        }
    }
}
