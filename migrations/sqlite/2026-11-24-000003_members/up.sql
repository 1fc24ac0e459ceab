-- The association's people: contacts (one record per person), their consents, custom fields,
-- tags and groups; membership categories and memberships over a period; and, for the
-- newsletter, lists, subscriptions, campaigns and each campaign's recipients.

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    -- As typed (trimmed); `email_key` is its lower-cased form, for matching.
    email TEXT,
    email_key TEXT,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    birth_date DATE,
    notes TEXT NOT NULL,
    -- "first last" with accents, case and spaces folded: finds duplicates by name.
    name_key TEXT NOT NULL,
    lang TEXT NOT NULL,
    -- Where the record came from: dashboard, import, newsletter, helloasso, api.
    source TEXT NOT NULL,
    -- The login account of this person, if any.
    user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE SET NULL,
    -- Set when a mail server refused the address for good; no mail goes to it after.
    email_bounced_at TIMESTAMP,
    bounce_reason TEXT,
    -- The last sign of life (edit, membership, subscription, registration): retention review.
    last_activity_at TIMESTAMP NOT NULL,
    anonymized_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX contacts_email ON contacts(email_key);
CREATE INDEX contacts_name_key ON contacts(name_key);
CREATE INDEX contacts_sort ON contacts(last_name, first_name, id);
CREATE INDEX contacts_activity ON contacts(last_activity_at);

-- What a person agreed to (or withdrew), when and how: the proof of consent. Append-only.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    -- newsletter, photos, ...
    kind TEXT NOT NULL,
    given BOOLEAN NOT NULL,
    -- How: "web form /newsletter", "paper form", "import members-2025.csv", ...
    source TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX consents_contact ON consents(contact_id, kind, recorded_at);

-- What happened to a person's record, for their history page: created, edited, merged...
CREATE TABLE contact_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX contact_log_contact ON contact_log(contact_id, at);

-- Fields an admin adds to every contact: text, number, date or choice.
CREATE TABLE contact_fields (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- For a choice: the choices, one per line.
    choices TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE contact_field_values (
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    field_id BIGINT NOT NULL REFERENCES contact_fields(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (contact_id, field_id)
);

-- Tags (free labels) and groups (a team, a committee): kind is 'tag' or 'group'.
CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE contact_tags (
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_tag ON contact_tags(tag_id);

-- Two records found to be one person: what the removed one held, kept for the history.
CREATE TABLE contact_merges (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kept_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    merged_id BIGINT NOT NULL,
    -- The removed record as it was (JSON).
    merged_data TEXT NOT NULL,
    merged_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    merged_at TIMESTAMP NOT NULL
);

-- Normal, reduced (kind 'fixed' with their amount), pay-what-you-want ('free', with a
-- minimum) and family ('family': one membership covers several people).
CREATE TABLE membership_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount_cents BIGINT,
    min_cents BIGINT,
    active BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- The member (who paid, for a family). NULL never: an erased person's memberships stay,
    -- on the anonymized record.
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    category_id BIGINT NOT NULL REFERENCES membership_categories(id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    amount_cents BIGINT NOT NULL,
    paid_on DATE,
    -- cash, cheque, transfer, card, helloasso, other
    payment_method TEXT NOT NULL,
    receipt_number TEXT,
    -- dashboard, import, helloasso, api
    source TEXT NOT NULL,
    -- The id of the same payment elsewhere (HelloAsso item), so that a sync never adds it twice.
    external_ref TEXT UNIQUE,
    notes TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (amount_cents >= 0)
);
CREATE INDEX memberships_contact ON memberships(contact_id, ends_on);
CREATE INDEX memberships_ends ON memberships(ends_on);

-- The other people a family membership covers.
CREATE TABLE membership_people (
    membership_id BIGINT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (membership_id, contact_id)
);
CREATE INDEX membership_people_contact ON membership_people(contact_id);

-- A renewal reminder sent for a membership at an offset from its end (negative: before);
-- the key makes each one go once.
CREATE TABLE membership_reminders (
    membership_id BIGINT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    offset_days INTEGER NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (membership_id, offset_days)
);

-- Newsletter lists. kind: 'public' (on the public form, double opt-in), 'private' (people an
-- admin adds), 'members' (members are subscribed by their membership).
CREATE TABLE newsletter_lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    list_id BIGINT NOT NULL REFERENCES newsletter_lists(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    -- pending (waiting for the confirmation click), confirmed, unsubscribed
    status TEXT NOT NULL,
    -- The confirmation link's secret (its SHA-256), until used or expired.
    confirm_hash TEXT,
    confirm_expires_at TIMESTAMP,
    confirm_sent_at TIMESTAMP,
    -- The unsubscribe link's secret: random, stable for the subscription's life.
    unsubscribe_token TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    unsubscribed_at TIMESTAMP,
    -- The campaign whose link was followed to unsubscribe, for its counts.
    unsubscribed_campaign_id BIGINT,
    UNIQUE (list_id, contact_id)
);
CREATE INDEX subscriptions_contact ON subscriptions(contact_id);
CREATE INDEX subscriptions_list ON subscriptions(list_id, status);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- draft, scheduled, sending, sent, cancelled
    status TEXT NOT NULL,
    scheduled_at TIMESTAMP,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    -- Shown in the public archive at /newsletter once sent.
    public_archive BOOLEAN NOT NULL,
    -- Also published to fediverse followers as an Article when sent.
    to_fediverse BOOLEAN NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_sent ON campaigns(status, finished_at);

CREATE TABLE campaign_lists (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    list_id BIGINT NOT NULL REFERENCES newsletter_lists(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, list_id)
);

-- One row per address a campaign goes to, written when sending starts. A row goes
-- pending -> sending (just before the SMTP transaction) -> sent | failed | bounced; a row found
-- `sending` after a crash may or may not have left, and is never sent again ('unknown').
CREATE TABLE campaign_recipients (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    subscription_id BIGINT REFERENCES subscriptions(id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    sent_at TIMESTAMP,
    UNIQUE (campaign_id, email)
);
CREATE INDEX campaign_recipients_queue ON campaign_recipients(campaign_id, status, id);

INSERT INTO newsletter_lists (slug, name, description, kind, created_at) VALUES
    ('newsletter', 'Lettre d''information', 'Les nouvelles et le programme du lieu.', 'public', CURRENT_TIMESTAMP),
    ('members', 'Adhérents', 'Les nouvelles réservées aux adhérents.', 'members', CURRENT_TIMESTAMP);

INSERT INTO membership_categories (name, kind, amount_cents, min_cents, active, position, created_at) VALUES
    ('Adhésion à prix libre', 'free', NULL, 100, TRUE, 1, CURRENT_TIMESTAMP);
