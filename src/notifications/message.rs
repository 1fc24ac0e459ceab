//! The words of a chat message, from the catalogues, in Markdown. What visitors typed (a name,
//! a title) is escaped, so that a registrant called `@channel` or `**x**` pings nobody and
//! breaks no formatting.

use crate::app::effects::{ChatNotice, EventRef};
use crate::i18n::{Lang, Value};

use super::NoticeKind;

/// How many lines of one kind a grouped message shows before "… and N more".
pub const LINES_PER_KIND: usize = 10;

/// The text of one message telling all these notices: one line for a single notice; grouped by
/// kind, with the count of each, for several.
pub fn text(lang: Lang, notices: &[ChatNotice]) -> String {
    if let [one] = notices {
        return line(lang, one);
    }
    let mut kinds: Vec<NoticeKind> = notices.iter().map(NoticeKind::of).collect();
    kinds.sort();
    kinds.dedup();
    let mut parts = vec![];
    for kind in kinds {
        let of_kind: Vec<&ChatNotice> = notices
            .iter()
            .filter(|n| NoticeKind::of(n) == kind)
            .collect();
        let mut block = vec![lang.t_args(
            "chat_group",
            &[
                ("n", (of_kind.len() as i64).into()),
                ("kind", Value::from(lang.t(&kind.key()).to_string())),
            ],
        )];
        for n in of_kind.iter().take(LINES_PER_KIND) {
            block.push(format!("- {}", line(lang, n)));
        }
        if of_kind.len() > LINES_PER_KIND {
            let more = (of_kind.len() - LINES_PER_KIND) as i64;
            block.push(format!(
                "- {}",
                lang.t_args("chat_more", &[("n", more.into())])
            ));
        }
        parts.push(block.join("\n"));
    }
    parts.join("\n\n")
}

/// One notice in one sentence.
pub fn line(lang: Lang, notice: &ChatNotice) -> String {
    match notice {
        ChatNotice::Registered {
            event,
            name,
            confirmed,
            capacity,
            promoted,
        } => {
            let key = match (promoted, capacity) {
                (true, _) => "chat_promoted",
                (false, Some(_)) => "chat_registered",
                (false, None) => "chat_registered_open",
            };
            lang.t_args(
                key,
                &[
                    ("name", escape(name).into()),
                    ("event", link(event).into()),
                    ("confirmed", (*confirmed as i64).into()),
                    ("capacity", capacity.map(|c| c as i64).unwrap_or(0).into()),
                ],
            )
        }
        ChatNotice::Waitlisted {
            event,
            name,
            position,
        } => lang.t_args(
            "chat_waitlisted",
            &[
                ("name", escape(name).into()),
                ("event", link(event).into()),
                ("position", (*position).into()),
            ],
        ),
        ChatNotice::Cancelled { event, name } => lang.t_args(
            "chat_cancelled",
            &[("name", escape(name).into()), ("event", link(event).into())],
        ),
        ChatNotice::EventFull { event, capacity } => lang.t_args(
            "chat_event_full",
            &[
                ("event", link(event).into()),
                ("capacity", (*capacity as i64).into()),
            ],
        ),
        ChatNotice::AwaitingApproval { event, name } => lang.t_args(
            "chat_awaiting_approval",
            &[("name", escape(name).into()), ("event", link(event).into())],
        ),
        ChatNotice::Membership {
            name,
            category,
            renewal,
        } => lang.t_args(
            if *renewal {
                "chat_member_renewal"
            } else {
                "chat_member_new"
            },
            &[
                ("name", escape(name).into()),
                ("category", escape(category).into()),
            ],
        ),
        ChatNotice::NewsletterSent {
            subject,
            sent,
            failed,
            bounced,
        } => lang.t_args(
            "chat_newsletter_sent",
            &[
                ("subject", escape(subject).into()),
                ("sent", (*sent).into()),
                ("failed", (*failed).into()),
                ("bounced", (*bounced).into()),
            ],
        ),
        ChatNotice::Follower { actor } => {
            lang.t_args("chat_follower", &[("actor", escape(actor).into())])
        }
        ChatNotice::Mention {
            actor,
            url,
            excerpt,
        } => lang.t_args(
            "chat_mention",
            &[
                ("actor", escape(actor).into()),
                ("excerpt", escape(excerpt).into()),
                ("url", url.clone().into()),
            ],
        ),
        ChatNotice::JobFailed {
            job_id,
            kind,
            error,
        } => lang.t_args(
            "chat_job_failed",
            &[
                ("id", (*job_id).into()),
                (
                    "kind",
                    lang.t_or(&format!("job_kind_{kind}"), kind)
                        .to_string()
                        .into(),
                ),
                ("error", escape(error).into()),
            ],
        ),
    }
}

fn link(event: &EventRef) -> String {
    format!("[{}]({})", escape(&event.title), event.url)
}

/// Text typed by someone else, made inert in Markdown: formatting characters escaped, and an
/// `@` followed by a zero-width space, so that `@all` or `@someone` notifies nobody.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_control()) {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '[' | ']' | '(' | ')' | '#' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200b}"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> EventRef {
        EventRef {
            id: 1,
            title: "Yoga *doux*".into(),
            url: "https://asso.example/events/yoga".into(),
        }
    }

    #[test]
    fn what_visitors_type_pings_nobody() {
        assert_eq!(escape("@channel **x**"), "@\u{200b}channel \\*\\*x\\*\\*");
        let n = ChatNotice::Cancelled {
            event: event(),
            name: "@all".into(),
        };
        let text = line(Lang::En, &n);
        assert!(!text.contains("@all"), "{text}");
        assert!(
            text.contains("[Yoga \\*doux\\*](https://asso.example/events/yoga)"),
            "{text}"
        );
    }

    #[test]
    fn many_notices_are_counted_and_cut() {
        let notices: Vec<ChatNotice> = (0..25)
            .map(|i| ChatNotice::Registered {
                event: event(),
                name: format!("P{i}"),
                confirmed: i + 1,
                capacity: Some(30),
                promoted: false,
            })
            .collect();
        let text = text(Lang::En, &notices);
        assert!(text.starts_with("**25 ×"), "{text}");
        assert_eq!(
            text.lines().filter(|l| l.starts_with("- ")).count(),
            11,
            "{text}"
        );
        assert!(text.contains("15"), "{text}");
    }
}
