ALTER TABLE campaign_recipients DROP COLUMN attempted_at;
ALTER TABLE campaign_recipients DROP COLUMN attempts;
