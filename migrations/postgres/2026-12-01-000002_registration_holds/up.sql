-- Web registrations held until the address is confirmed (events::holds). Per event: whether
-- web registrations are held, and how long a visitor has to confirm (in minutes). Per
-- registration: until when it waits for its confirmation (none once confirmed, or when it
-- never had to be).
ALTER TABLE events ADD COLUMN hold_registrations BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE events ADD COLUMN hold_minutes INTEGER NOT NULL DEFAULT 120;
ALTER TABLE registrations ADD COLUMN hold_until TIMESTAMP;
