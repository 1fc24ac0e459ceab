-- Each campaign recipient's tries (newsletter::sending): how many times it was handed to the
-- mail server, and when the last try began. A row left 'sending' for longer than a job's lock
-- has no live sender any more; a temporary refusal is tried again a limited number of times.
ALTER TABLE campaign_recipients ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_recipients ADD COLUMN attempted_at TIMESTAMP;
