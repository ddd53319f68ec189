-- Transfer forms of registered images (ADR-0025): one row per image, the preparation state and, when ready, the
-- three derived files. Rows go with their image.
CREATE TABLE transfer_form (
    image_file_name  TEXT    NOT NULL PRIMARY KEY REFERENCES image (file_name) ON DELETE CASCADE,
    format           TEXT    NOT NULL CHECK (length(format) BETWEEN 1 AND 64),
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'preparing', 'ready', 'failed')),
    bytes_done       INTEGER NOT NULL CHECK (bytes_done >= 0),
    bytes_total      INTEGER NOT NULL CHECK (bytes_total >= bytes_done),
    reason           TEXT    NOT NULL DEFAULT '',
    mapped_bytes     INTEGER,
    compressed_bytes INTEGER,
    segments         INTEGER,
    index_name       TEXT,
    index_size       INTEGER,
    index_sha256     TEXT,
    data_name        TEXT,
    data_size        INTEGER,
    data_sha256      TEXT,
    bmap_name        TEXT,
    bmap_size        INTEGER,
    bmap_sha256      TEXT,
    updated_at       INTEGER NOT NULL,
    -- The files are recorded exactly when the form is ready.
    CHECK ((state = 'ready') = (index_name IS NOT NULL AND data_name IS NOT NULL AND bmap_name IS NOT NULL)),
    CHECK (state <> 'failed' OR reason <> '')
) STRICT;
