-- The devices a batch is for, when the operator lists them (ADR-0045). No row: any device.
-- Numbered 6.45 so that it sorts beside other branches' V6 without sharing its version.
CREATE TABLE batch_expected_device (
    batch_id INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL CHECK (kind IN ('serial', 'mac')),
    value    TEXT    NOT NULL CHECK (length(value) BETWEEN 4 AND 64),
    PRIMARY KEY (batch_id, kind, value)
) STRICT, WITHOUT ROWID;
