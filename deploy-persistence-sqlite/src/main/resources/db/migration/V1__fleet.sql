-- PiDeploy fleet schema. Times are INTEGER nanoseconds since 1970-01-01T00:00:00Z (exact round trip of
-- java.time.Instant, and they sort as numbers). Codes are stored upper-case, states as lower-case wire names.
-- The schema enforces what it can: unique hostnames, at most one pool entry per device, one active image per
-- product, allowed states, code formats.

CREATE TABLE venue (
    code          TEXT    NOT NULL PRIMARY KEY
                  CHECK (length(code) = 4 AND code NOT GLOB '*[^A-Z0-9]*'),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    location      TEXT    NOT NULL DEFAULT '',
    contact_email TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE product (
    code       TEXT    NOT NULL PRIMARY KEY
               CHECK (length(code) BETWEEN 2 AND 16 AND code NOT GLOB '*[^A-Z0-9]*'),
    strategy   TEXT    NOT NULL CHECK (strategy IN ('pool', 'serial')),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE device (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    serial     TEXT UNIQUE,
    mac        TEXT,
    hostname   TEXT UNIQUE,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    CHECK (serial IS NOT NULL OR mac IS NOT NULL)
) STRICT;
CREATE INDEX device_by_mac ON device (mac, last_seen);

CREATE TABLE pool_entry (
    venue       TEXT    NOT NULL REFERENCES venue (code),
    product     TEXT    NOT NULL REFERENCES product (code),
    number      INTEGER NOT NULL CHECK (number >= 0),
    hostname    TEXT    NOT NULL UNIQUE,
    state       TEXT    NOT NULL CHECK (state IN ('available', 'assigned', 'retired')),
    holder      INTEGER REFERENCES device (id),
    assigned_at INTEGER,
    PRIMARY KEY (venue, product, number),
    CHECK ((state = 'assigned') = (holder IS NOT NULL))
) STRICT;
-- At most one held hostname per device.
CREATE UNIQUE INDEX pool_entry_one_per_device ON pool_entry (holder) WHERE holder IS NOT NULL;
-- The assignment's "lowest available number" is one index seek.
CREATE INDEX pool_entry_available ON pool_entry (venue, product, number) WHERE state = 'available';

CREATE TABLE batch (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    venue      TEXT    NOT NULL REFERENCES venue (code),
    product    TEXT    NOT NULL REFERENCES product (code),
    count      INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100000),
    remaining  INTEGER NOT NULL CHECK (remaining BETWEEN 0 AND count),
    priority   INTEGER NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'paused', 'completed', 'cancelled')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (state <> 'completed' OR remaining = 0)
) STRICT;
CREATE INDEX batch_next_active ON batch (priority DESC, id) WHERE state = 'active' AND remaining > 0;

CREATE TABLE image (
    product                  TEXT    NOT NULL REFERENCES product (code),
    version                  TEXT    NOT NULL CHECK (length(version) BETWEEN 1 AND 64),
    file_name                TEXT    NOT NULL UNIQUE,
    size_bytes               INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256                   TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    registered_at            INTEGER NOT NULL,
    notes                    TEXT    NOT NULL DEFAULT '',
    customization            TEXT    NOT NULL CHECK (customization IN ('firstrun', 'cloud-init')),
    customization_overridden INTEGER NOT NULL CHECK (customization_overridden IN (0, 1)),
    state                    TEXT    NOT NULL CHECK (state IN ('inactive', 'active', 'rolled-back')),
    activated_at             INTEGER,
    PRIMARY KEY (product, version)
) STRICT;
-- One active image per product.
CREATE UNIQUE INDEX image_one_active_per_product ON image (product) WHERE state = 'active';

CREATE TABLE deployment (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    serial        TEXT,
    mac           TEXT,
    client_ip     TEXT    NOT NULL DEFAULT '',
    hostname      TEXT    NOT NULL,
    product       TEXT    NOT NULL REFERENCES product (code),
    venue         TEXT    NOT NULL REFERENCES venue (code),
    image_version TEXT    NOT NULL,
    batch_id      INTEGER REFERENCES batch (id),
    status        TEXT    NOT NULL CHECK (status IN ('started', 'downloading', 'verifying', 'customizing', 'success',
                                                     'booted', 'failed')),
    bytes_done    INTEGER NOT NULL CHECK (bytes_done >= 0),
    bytes_total   INTEGER NOT NULL CHECK (bytes_total >= 0),
    started_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    booted_at     INTEGER,
    message       TEXT    NOT NULL DEFAULT '',
    error_message TEXT    NOT NULL DEFAULT '',
    failure_step  TEXT CHECK (failure_step IN ('preflight', 'config', 'write', 'verify', 'customize', 'report')),
    card_cid      TEXT,
    card_name     TEXT,
    card_manfid   TEXT,
    write_rate    REAL CHECK (write_rate >= 0)
) STRICT;
CREATE INDEX deployment_by_serial ON deployment (serial, id);
CREATE INDEX deployment_by_hostname ON deployment (hostname, id);
CREATE INDEX deployment_by_mac ON deployment (mac, id);
CREATE INDEX deployment_by_start ON deployment (started_at, id);
CREATE INDEX deployment_by_status ON deployment (status, finished_at);

CREATE TABLE deployment_event (
    sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment_id INTEGER NOT NULL REFERENCES deployment (id),
    at            INTEGER NOT NULL,
    type          TEXT    NOT NULL CHECK (type IN ('created', 'status_changed', 'progress')),
    status        TEXT    NOT NULL CHECK (status IN ('started', 'downloading', 'verifying', 'customizing', 'success',
                                                     'booted', 'failed')),
    bytes_done    INTEGER NOT NULL,
    bytes_total   INTEGER NOT NULL,
    message       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX deployment_event_by_deployment ON deployment_event (deployment_id, sequence);

CREATE TABLE operator_user (
    username      TEXT    NOT NULL PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 64),
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    target TEXT    NOT NULL DEFAULT '',
    detail TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
