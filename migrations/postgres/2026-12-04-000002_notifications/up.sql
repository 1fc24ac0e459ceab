-- Notifications to the association's chat (issue 14). A rule posts the notices of the kinds it
-- carries to one Mattermost incoming webhook, optionally to a channel, and optionally a digest
-- every morning at `digest_at` ('HH:MM', the association's time zone).
CREATE TABLE notification_rules (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    webhook_url TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT '',
    -- The notice kinds it carries, as words separated by commas (notifications::NoticeKind).
    kinds TEXT NOT NULL DEFAULT '',
    digest_at TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The notices waiting for their rule's next message, one row each, written in the change's
-- transaction; the rule's `chat` job posts them together (one message per minute at most)
-- and removes them.
CREATE TABLE chat_batches (
    id BIGSERIAL PRIMARY KEY,
    rule_id BIGINT NOT NULL REFERENCES notification_rules (id) ON DELETE CASCADE,
    notice TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX chat_batches_rule ON chat_batches (rule_id, id);

-- The Mattermost user (its stable user_id, not its username, which its owner may change)
-- linked to an account, for the slash command.
ALTER TABLE users ADD COLUMN chat_user_id TEXT;
CREATE UNIQUE INDEX users_chat_user_id ON users (chat_user_id);
