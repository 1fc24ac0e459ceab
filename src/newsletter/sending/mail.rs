//! One campaign mail, for a recipient or a test: text, HTML and the one-click unsubscribe.

use askama::Template;

use crate::app::effects::{self, Effect};
use crate::db::DbConn;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::mail::Mail;
use crate::newsletter::campaigns::Campaign;

/// What every campaign mail needs to know about the site.
#[derive(Debug, Clone)]
pub struct Site {
    /// `https://asso.example`, without the trailing slash.
    pub base: String,
    pub name: String,
    /// The host, for Message-IDs.
    pub domain: String,
}

impl Site {
    pub fn new(settings: &crate::config::Settings) -> Site {
        Site {
            base: settings.base().to_string(),
            name: settings.name.clone(),
            domain: settings
                .base_url
                .host_str()
                .unwrap_or("localhost")
                .to_string(),
        }
    }
}

/// Whom one mail is for.
#[derive(Debug, Clone)]
pub struct Addressee {
    /// The recipient's row; None for a test.
    pub recipient_id: Option<i64>,
    pub email: String,
    /// `fr` or `en`.
    pub lang: String,
    pub unsubscribe_token: String,
}

#[derive(Template)]
#[template(path = "mail/campaign.txt")]
struct TextMail<'a> {
    lang: Lang,
    site: &'a str,
    subject: &'a str,
    body: &'a str,
    web_url: Option<String>,
    unsubscribe_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/campaign.html")]
struct HtmlMail<'a> {
    lang: Lang,
    site: &'a str,
    subject: &'a str,
    body_html: &'a str,
    web_url: Option<String>,
    unsubscribe_url: &'a str,
}

/// The link that unsubscribes in one click (RFC 8058), served by the subscription pages.
pub fn unsubscribe_url(site: &Site, token: &str, campaign_id: i64) -> String {
    crate::urls::absolute(
        &site.base,
        &crate::urls::unsubscribe_from_campaign(token, campaign_id),
    )
}

/// The campaign's page in the public archive, when it is kept there.
pub fn web_url(site: &Site, campaign: &Campaign) -> Option<String> {
    campaign
        .public_archive
        .then(|| crate::urls::absolute(&site.base, &crate::urls::newsletter_issue(&campaign.slug)))
}

/// One campaign mail: text and HTML, the one-click unsubscribe headers and link, a Message-ID
/// that stays the same for this campaign and this recipient.
pub fn mail(site: &Site, campaign: &Campaign, to: &Addressee) -> Result<Mail> {
    let lang = Lang::from_code(&to.lang);
    let unsubscribe = unsubscribe_url(site, &to.unsubscribe_token, campaign.id);
    let text = TextMail {
        lang,
        site: &site.name,
        subject: &campaign.subject,
        body: campaign.body_md.trim(),
        web_url: web_url(site, campaign),
        unsubscribe_url: &unsubscribe,
    }
    .render()
    .map_err(Error::internal)?;
    let html = HtmlMail {
        lang,
        site: &site.name,
        subject: &campaign.subject,
        body_html: &campaign.body_html,
        web_url: web_url(site, campaign),
        unsubscribe_url: &unsubscribe,
    }
    .render()
    .map_err(Error::internal)?;
    let mut headers = vec![
        ("List-Unsubscribe".to_string(), format!("<{unsubscribe}>")),
        (
            "List-Unsubscribe-Post".to_string(),
            "List-Unsubscribe=One-Click".to_string(),
        ),
    ];
    if let Some(rid) = to.recipient_id {
        headers.push((
            "Message-ID".to_string(),
            format!("<campaign-{}-{rid}@{}>", campaign.id, site.domain),
        ));
    }
    Ok(Mail {
        to: to.email.clone(),
        subject: campaign.subject.clone(),
        text,
        html: Some(html),
        headers,
    })
}

/// Queues a test of the campaign to one address: "[Test]" before the subject, nothing counted.
pub fn queue_test(
    conn: &mut DbConn,
    site: &Site,
    campaign: &Campaign,
    to: &str,
    lang: &str,
) -> Result<String> {
    let to = crate::accounts::users::normalize_email(to)
        .map_err(|_| Error::invalid("to", "email_invalid"))?;
    let mut mail = mail(
        site,
        campaign,
        &Addressee {
            recipient_id: None,
            email: to.clone(),
            lang: lang.to_string(),
            unsubscribe_token: "test".into(),
        },
    )?;
    mail.subject = format!("[Test] {}", mail.subject);
    effects::record(conn, Effect::Mail(mail))?;
    Ok(to)
}
