-- Device profiles (ADR-0061): one layer per product, venue, batch or device serial, as the core's ProfileText
-- lines (so a new setting needs no migration). A static address is also a column, so the schema itself refuses
-- two devices with one address.
CREATE TABLE profile_layer (
    kind           TEXT    NOT NULL CHECK (kind IN ('product', 'venue', 'batch', 'device')),
    key            TEXT    NOT NULL,
    settings       TEXT    NOT NULL,
    static_address TEXT    UNIQUE CHECK (static_address IS NULL OR kind = 'device'),
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);

-- What each deployment was given, redacted (DeviceProfile.redacted()); goes with its deployment.
CREATE TABLE deployment_profile (
    deployment_id INTEGER PRIMARY KEY REFERENCES deployment (id) ON DELETE CASCADE,
    applied       TEXT    NOT NULL
);
