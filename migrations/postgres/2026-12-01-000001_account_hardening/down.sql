DROP TABLE form_hits;
DROP TABLE invitations;
DROP INDEX login_failures_at;
DROP INDEX login_failures_client;
ALTER TABLE login_failures DROP COLUMN client_addr;
