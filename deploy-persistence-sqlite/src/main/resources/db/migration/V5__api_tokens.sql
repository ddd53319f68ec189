-- API tokens for scripts (ADR-0031). Only a SHA-256 of the secret is stored; `id` is a short public name for listing
-- and revoking. No foreign key to operator_user: removing a user revokes its tokens explicitly (port ApiTokenRepository).
CREATE TABLE api_token (
    id         TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 32),
    token_hash TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    username   TEXT    NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    label      TEXT    NOT NULL CHECK (length(label) <= 100),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX api_token_username ON api_token (username, created_at);
