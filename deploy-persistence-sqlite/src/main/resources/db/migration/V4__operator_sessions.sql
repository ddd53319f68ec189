-- Browser sessions survive a server restart (ADR-0030). Only a SHA-256 of the session token is stored; the CSRF token
-- is derived from the token itself, so neither can be recovered from this table or a backup of it.
-- No foreign key to operator_user: removing a user deletes its sessions explicitly (port SessionRepository).
CREATE TABLE operator_session (
    token_hash   TEXT    NOT NULL PRIMARY KEY CHECK (length(token_hash) = 64),
    username     TEXT    NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX operator_session_username ON operator_session (username);
CREATE INDEX operator_session_expires ON operator_session (expires_at);
