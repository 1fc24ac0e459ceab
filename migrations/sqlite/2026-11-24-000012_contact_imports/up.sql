-- A CSV file being imported: kept, decoded, between its preview and the import itself.
-- Rows older than a day are removed when a new import starts.
CREATE TABLE contact_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    -- How the bytes were read: utf-8, windows-1252, utf-16le, utf-16be.
    encoding TEXT NOT NULL,
    -- The character between fields: ';', ',' or a tab.
    delimiter TEXT NOT NULL,
    -- The file's text, decoded.
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_imports_created ON contact_imports(created_at);
