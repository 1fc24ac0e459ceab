//! The kinds of notice a rule may carry: a closed set, stored as words in
//! `notification_rules.kinds`.

use crate::app::effects::ChatNotice;
use crate::db::TextEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    Registration,
    Waitlist,
    Cancellation,
    EventFull,
    Approval,
    Membership,
    Newsletter,
    Follower,
    Mention,
    JobFailed,
}

impl TextEnum for NoticeKind {
    const ALL: &'static [Self] = &[
        NoticeKind::Registration,
        NoticeKind::Waitlist,
        NoticeKind::Cancellation,
        NoticeKind::EventFull,
        NoticeKind::Approval,
        NoticeKind::Membership,
        NoticeKind::Newsletter,
        NoticeKind::Follower,
        NoticeKind::Mention,
        NoticeKind::JobFailed,
    ];

    fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Registration => "registration",
            NoticeKind::Waitlist => "waitlist",
            NoticeKind::Cancellation => "cancellation",
            NoticeKind::EventFull => "event_full",
            NoticeKind::Approval => "approval",
            NoticeKind::Membership => "membership",
            NoticeKind::Newsletter => "newsletter",
            NoticeKind::Follower => "follower",
            NoticeKind::Mention => "mention",
            NoticeKind::JobFailed => "job_failed",
        }
    }
}

impl NoticeKind {
    /// The kind of a notice: what a rule chooses.
    pub fn of(notice: &ChatNotice) -> NoticeKind {
        match notice {
            ChatNotice::Registered { .. } => NoticeKind::Registration,
            ChatNotice::Waitlisted { .. } => NoticeKind::Waitlist,
            ChatNotice::Cancelled { .. } => NoticeKind::Cancellation,
            ChatNotice::EventFull { .. } => NoticeKind::EventFull,
            ChatNotice::AwaitingApproval { .. } => NoticeKind::Approval,
            ChatNotice::Membership { .. } => NoticeKind::Membership,
            ChatNotice::NewsletterSent { .. } => NoticeKind::Newsletter,
            ChatNotice::Follower { .. } => NoticeKind::Follower,
            ChatNotice::Mention { .. } => NoticeKind::Mention,
            ChatNotice::JobFailed { .. } => NoticeKind::JobFailed,
        }
    }

    /// The catalogue key of its name (`chat_kind_registration`...).
    pub fn key(self) -> String {
        format!("chat_kind_{}", self.as_str())
    }

    /// Kinds kept as words separated by commas; a word this version does not know is dropped.
    pub fn parse_list(text: &str) -> Vec<NoticeKind> {
        let mut kinds: Vec<NoticeKind> = text
            .split(',')
            .filter_map(|w| NoticeKind::parse(w.trim()))
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    pub fn join(kinds: &[NoticeKind]) -> String {
        kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_survive_their_stored_form() {
        let all = NoticeKind::ALL.to_vec();
        assert_eq!(NoticeKind::parse_list(&NoticeKind::join(&all)), all);
        assert_eq!(
            NoticeKind::parse_list("mention, registration,nonsense,mention"),
            vec![NoticeKind::Registration, NoticeKind::Mention]
        );
    }
}
