-- A source may be booked again once its booking is reversed (a membership whose amount is
-- corrected): each booking of a source has its generation, and only one booking per source and
-- generation is allowed, so a second call, or a race, still books once.
ALTER TABLE entries ADD COLUMN source_generation BIGINT NOT NULL DEFAULT 0;
DROP INDEX entries_source;
CREATE UNIQUE INDEX entries_source ON entries (source_kind, source_id, source_generation)
    WHERE reverses_id IS NULL AND source_kind IS NOT NULL;
