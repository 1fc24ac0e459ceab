//! The mail with the confirmation link, in the subscriber's language.

use askama::Template;

use super::{CONFIRM_VALIDITY, Site};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::mail::Mail;
use crate::newsletter::lists::List;

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
pub(super) fn confirmation_mail(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::now;
    use crate::newsletter::lists::ListKind;

    #[test]
    fn the_confirmation_mail_holds_the_link_in_both_parts_and_both_languages() {
        let list = List {
            id: 1,
            slug: "newsletter".into(),
            name: "Lettre <d'info>".into(),
            description: String::new(),
            kind: ListKind::Public,
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
