//! Every public address of the site, built in one place.
//!
//! These addresses are kept by others: calendar apps and feed readers, fediverse servers (an
//! event's page is also its ActivityPub id), mails in people's inboxes (the cancel and
//! unsubscribe links). A path here is a promise, so it is written once. Paths start with `/`;
//! `absolute` puts the site's base URL (`Settings::base`, also `Settings::url`) in front.
//!
//! The router's patterns (`/events/{slug}`) stay beside their handlers: they are the same
//! addresses read the other way.

/// `https://asso.example` and `/events/yoga` make `https://asso.example/events/yoga`.
pub fn absolute(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// Where events live; an event's id is this followed by its slug.
pub const EVENTS: &str = "/events/";

/// An event's page, also its ActivityPub id.
pub fn event(slug: &str) -> String {
    format!("{EVENTS}{slug}")
}

/// An event's poll (`Question`), for Mastodon users to register by voting.
pub fn event_poll(slug: &str) -> String {
    format!("{}/poll", event(slug))
}

/// An event's attendees collection (FEP-8a8e), which gives the count only.
pub fn event_attendees(slug: &str) -> String {
    format!("{}/attendees", event(slug))
}

/// A news post's page, also its ActivityPub id.
pub fn news_post(slug: &str) -> String {
    format!("/news/{slug}")
}

/// A page of the site.
pub fn page(slug: &str) -> String {
    format!("/pages/{slug}")
}

/// A newsletter issue in the public archive, also its ActivityPub id.
pub fn newsletter_issue(slug: &str) -> String {
    format!("/newsletter/{slug}")
}

/// An uploaded image or file, by its stored name.
pub fn media(stored_name: &str) -> String {
    format!("/media/{stored_name}")
}

/// The page behind the cancel link of a registration (the signed token comes after).
pub fn registration_cancel(registration_id: i64) -> String {
    format!("/registrations/{registration_id}/cancel")
}

/// The page behind the link that confirms a held web registration.
pub fn registration_confirm(registration_id: i64) -> String {
    format!("/registrations/{registration_id}/confirm")
}

/// The link that confirms a newsletter subscription.
pub fn newsletter_confirm(secret: &str) -> String {
    format!("/newsletter/confirm/{secret}")
}

/// The unsubscribe page of a subscription.
pub fn unsubscribe(token: &str) -> String {
    format!("/newsletter/unsubscribe/{token}")
}

/// The unsubscribe link of one campaign's mail (RFC 8058 one-click target too).
pub fn unsubscribe_from_campaign(token: &str, campaign_id: i64) -> String {
    format!("{}?c={campaign_id}", unsubscribe(token))
}

/// The link that sets a new password.
pub fn password_reset(secret: &str) -> String {
    format!("/password-reset/{secret}")
}

/// The link of an invitation to make an account.
pub fn invitation(secret: &str) -> String {
    format!("/invitation/{secret}")
}

/// The first administrator's setup link, printed by the command line.
pub fn setup(secret: &str) -> String {
    format!("/setup/{secret}")
}

/// The association's actor.
pub fn actor(handle: &str) -> String {
    format!("/actors/{handle}")
}

/// The shared inbox.
pub const SHARED_INBOX: &str = "/inbox";

/// An outgoing activity's id.
pub fn activity(id: &str) -> String {
    format!("/activities/{id}")
}

/// Where the Mattermost slash command posts.
pub fn chat_command() -> &'static str {
    "/chat/command"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_their_shape() {
        assert_eq!(
            absolute("https://asso.example/", &event("yoga")),
            "https://asso.example/events/yoga"
        );
        assert_eq!(event_poll("yoga"), "/events/yoga/poll");
        assert_eq!(
            unsubscribe_from_campaign("t0k", 12),
            "/newsletter/unsubscribe/t0k?c=12"
        );
        assert_eq!(registration_cancel(7), "/registrations/7/cancel");
    }
}
