ALTER TABLE registrations DROP COLUMN hold_until;
ALTER TABLE events DROP COLUMN hold_minutes;
ALTER TABLE events DROP COLUMN hold_registrations;
