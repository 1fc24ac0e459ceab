-- Accounts hardening (issue 8).
-- Failed logins are counted per account and client address, and per client address across
-- accounts (accounts::throttle); rows from before this change have no address.
ALTER TABLE login_failures ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_client ON login_failures(client_addr, failed_at);
CREATE INDEX login_failures_at ON login_failures(failed_at);

-- An account offered by mail: the person follows the link and chooses their own password.
CREATE TABLE invitations (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

-- Posts of the public forms (registration, newsletter subscription) per client address, for
-- the hourly limit (web::form_limit). Rows older than the hour are pruned.
CREATE TABLE form_hits (
    id BIGSERIAL PRIMARY KEY,
    client_addr TEXT NOT NULL,
    hit_at TIMESTAMP NOT NULL
);
CREATE INDEX form_hits_client ON form_hits(client_addr, hit_at);
CREATE INDEX form_hits_at ON form_hits(hit_at);
