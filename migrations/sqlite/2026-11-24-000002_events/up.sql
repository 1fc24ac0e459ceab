-- Events, their series, and registrations capped at the room's capacity.
CREATE TABLE event_series (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    title TEXT NOT NULL,
    -- The rule as the organizer set it (JSON): weekday, time, until, dates left out.
    rule TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description_md TEXT NOT NULL,
    description_html TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    timezone TEXT NOT NULL,
    place_name TEXT NOT NULL,
    place_address TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    online_url TEXT,
    image TEXT,
    category TEXT NOT NULL,
    -- NULL: no limit. The confirmed count never exceeds it: a seat is taken by one
    -- conditional UPDATE of confirmed_count.
    capacity INTEGER,
    confirmed_count INTEGER NOT NULL,
    registration_opens_at TIMESTAMP,
    registration_closes_at TIMESTAMP,
    requires_approval BOOLEAN NOT NULL,
    takes_registrations BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    series_id BIGINT REFERENCES event_series(id) ON DELETE SET NULL,
    published BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (capacity IS NULL OR confirmed_count <= capacity)
);
CREATE INDEX events_starts ON events(starts_at);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    -- Who: `mailto:address` for the web, the actor id for the fediverse. One per event.
    attendee_key TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    actor_id TEXT,
    channel TEXT NOT NULL,
    -- What to answer: the Join's id, the poll vote's id...
    channel_ref TEXT,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    checked_in BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (event_id, attendee_key)
);
CREATE INDEX registrations_queue ON registrations(event_id, status, created_at);
