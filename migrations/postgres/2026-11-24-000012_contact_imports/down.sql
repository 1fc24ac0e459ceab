DROP TABLE contact_imports;
