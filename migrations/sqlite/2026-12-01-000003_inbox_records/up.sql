-- The inbox keeps what replay detection and Undo need, not whole activities: an activity with
-- thousands of recipients stored its whole body before. The object's id is kept for the
-- attendance activities (Join, Accept, TentativeAccept) so that an Undo by id can find them.
ALTER TABLE received_activities ADD COLUMN object_id TEXT;
ALTER TABLE received_activities ADD COLUMN body_sha256 TEXT NOT NULL DEFAULT '';
UPDATE received_activities
   SET object_id = COALESCE(json_extract(body, '$.object.id'), json_extract(body, '$.object'))
 WHERE kind IN ('Join', 'Accept', 'TentativeAccept') AND json_valid(body);
ALTER TABLE received_activities DROP COLUMN body;
CREATE INDEX received_activities_received_at ON received_activities (received_at);
