UPDATE subscriptions SET source = 'form ' || source_url WHERE source = 'form' AND source_url IS NOT NULL;
ALTER TABLE subscriptions DROP COLUMN source_url;
