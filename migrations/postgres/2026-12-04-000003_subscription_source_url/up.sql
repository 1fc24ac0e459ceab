-- A subscription's source becomes a closed word (dashboard, api, membership, form); the page
-- the public form was on, which was written after the word ("form https://..."), gets its own
-- column.
ALTER TABLE subscriptions ADD COLUMN source_url TEXT;
UPDATE subscriptions SET source_url = substr(source, 6), source = 'form' WHERE source LIKE 'form %';
