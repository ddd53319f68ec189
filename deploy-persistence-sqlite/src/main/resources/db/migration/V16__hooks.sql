-- Operator first-boot hooks (ADR-0094): every uploaded version of every hook, never changed; the latest version of
-- each is what devices get.
CREATE TABLE hook_version (
    owner_kind TEXT    NOT NULL CHECK (owner_kind IN ('product', 'venue')),
    owner_key  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    script     TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (owner_kind, owner_key, name, version)
);

-- What took effect on the device, as its booted report said (BootReport.lines()); goes with its deployment.
CREATE TABLE deployment_boot (
    deployment_id INTEGER PRIMARY KEY REFERENCES deployment (id) ON DELETE CASCADE,
    report        TEXT    NOT NULL
);
