//! How the person registered, and so how they are answered (`registrations.channel`).

use serde::{Deserialize, Serialize};

use crate::db::TextEnum;

/// How the person registered, and so how they are answered.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The web form: answered by mail.
    Web,
    /// A Mobilizon `Join`: answered by `Accept`/`Reject`.
    Join,
    /// A vote in the event's poll (Mastodon, Misskey): answered by a direct message.
    Poll,
    /// A Friendica `Accept`/`TentativeAccept` of the event: answered by a direct message.
    Accept,
}

impl TextEnum for Channel {
    const ALL: &'static [Self] = &[Channel::Web, Channel::Join, Channel::Poll, Channel::Accept];

    fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Join => "join",
            Channel::Poll => "poll",
            Channel::Accept => "accept",
        }
    }
}

crate::stored_as_text!(Channel);

impl Channel {
    pub fn is_fediverse(self) -> bool {
        self != Channel::Web
    }
}
