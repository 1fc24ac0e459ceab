//! Accounts: the mails that carry a secret link (a password reset, an invitation), recorded
//! with the secret in one transaction, so that a link is never mailed for a secret that was
//! not kept, nor kept without its mail.

use super::effects::{Effect, record};
use crate::App;
use crate::accounts::{Role, invitations, resets};
use crate::error::Result;
use crate::i18n::Lang;
use crate::mail::Mail;
use crate::urls;

/// Mails a reset link if an account has this address; says nothing either way, so that the
/// page never tells whether an address is known.
pub async fn request_password_reset(app: &App, lang: Lang, email: String) -> Result<()> {
    let base = app.settings.base().to_string();
    let site = app.settings.name.clone();
    super::write(app, move |c| {
        if let Some((secret, email)) = resets::start(c, &email)? {
            let link = urls::absolute(&base, &urls::password_reset(&secret));
            record(c, Effect::Mail(reset_mail(lang, &site, &email, &link)))?;
        }
        Ok(())
    })
    .await
}

/// Invites someone to make an account with this role; the mail is in the site's language,
/// since the person has not chosen one yet.
pub async fn invite(app: &App, email: String, name: String, role: Role, by: i64) -> Result<()> {
    let base = app.settings.base().to_string();
    let site = app.settings.name.clone();
    let lang = Lang::from_code(&app.settings.default_lang);
    super::write(app, move |c| {
        let (secret, email) = invitations::create(c, &email, &name, role, by)?;
        let link = urls::absolute(&base, &urls::invitation(&secret));
        record(
            c,
            Effect::Mail(invitation_mail(lang, &site, &email, &name, &link)),
        )?;
        Ok(())
    })
    .await
}

fn reset_mail(lang: Lang, site: &str, to: &str, link: &str) -> Mail {
    let subject = lang.t_args("reset_mail_subject", &[("site", site.into())]);
    let text = lang.t_args(
        "reset_mail_text",
        &[("hello", lang.greeting("").into()), ("link", link.into())],
    ) + "\n";
    Mail {
        to: to.to_string(),
        subject,
        text,
        html: None,
        headers: vec![],
    }
}

fn invitation_mail(lang: Lang, site: &str, to: &str, name: &str, link: &str) -> Mail {
    let subject = lang.t_args("invitation_mail_subject", &[("site", site.into())]);
    let text = lang.t_args(
        "invitation_mail_text",
        &[
            ("hello", lang.greeting(name).into()),
            ("site", site.into()),
            ("link", link.into()),
        ],
    ) + "\n";
    Mail {
        to: to.to_string(),
        subject,
        text,
        html: None,
        headers: vec![],
    }
}
