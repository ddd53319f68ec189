-- Several servers, one fleet (ADR-0098): which server answered each deployment, and the fleet's servers with their
-- last heartbeat. Times are nanoseconds since the epoch, as everywhere.
ALTER TABLE deployment ADD COLUMN answered_by TEXT;

CREATE TABLE fleet_server (
    name         TEXT NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63),
    instance     TEXT NOT NULL CHECK (length(instance) BETWEEN 1 AND 64),
    version      TEXT NOT NULL DEFAULT '',
    device_url   TEXT NOT NULL DEFAULT '',
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);
