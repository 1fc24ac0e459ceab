DROP INDEX received_activities_received_at;
ALTER TABLE received_activities ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE received_activities DROP COLUMN body_sha256;
ALTER TABLE received_activities DROP COLUMN object_id;
