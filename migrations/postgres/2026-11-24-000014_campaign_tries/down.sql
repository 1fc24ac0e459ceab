ALTER TABLE campaign_recipients DROP COLUMN attempted_at, DROP COLUMN attempts;
