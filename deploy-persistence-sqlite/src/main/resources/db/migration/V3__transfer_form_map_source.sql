-- Where a ready transfer form's block map came from (ADR-0033): computed by BlockMapper, or imported with the image.
-- Forms prepared before this migration were all computed.
ALTER TABLE transfer_form ADD COLUMN map_source TEXT NOT NULL DEFAULT 'computed'
    CHECK (map_source IN ('computed', 'imported'));
