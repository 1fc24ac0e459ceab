DROP INDEX entries_source;
CREATE UNIQUE INDEX entries_source ON entries (source_kind, source_id)
    WHERE reverses_id IS NULL AND source_kind IS NOT NULL;
ALTER TABLE entries DROP COLUMN source_generation;
