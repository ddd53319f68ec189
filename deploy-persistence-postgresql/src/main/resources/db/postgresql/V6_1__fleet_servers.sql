-- Several servers, one fleet (ADR-0098): which server answered each deployment, and the fleet's servers with their
-- last heartbeat. Equal in meaning to SQLite's V17.
ALTER TABLE deployment ADD COLUMN answered_by TEXT COLLATE "C";

CREATE TABLE fleet_server (
    name         TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63),
    instance     TEXT COLLATE "C" NOT NULL CHECK (length(instance) BETWEEN 1 AND 64),
    version      TEXT COLLATE "C" NOT NULL DEFAULT '',
    device_url   TEXT COLLATE "C" NOT NULL DEFAULT '',
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
