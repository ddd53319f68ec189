-- Registration shrinks a master image to its data (ADR-0063): the record keeps the file as given (size and hash,
-- so an operator can still match it with the vendor's or the captured file) with a note of what the shrink did or
-- why it did not, and the smallest card it fits, which the card-size checks compare with. Images registered before
-- were stored as given: their origin is themselves and their card must hold the whole file.
ALTER TABLE image ADD COLUMN original_size_bytes INTEGER NOT NULL DEFAULT 0 CHECK (original_size_bytes >= 0);
ALTER TABLE image ADD COLUMN original_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE image ADD COLUMN shrink_note TEXT NOT NULL DEFAULT '';
ALTER TABLE image ADD COLUMN min_card_size INTEGER NOT NULL DEFAULT 0 CHECK (min_card_size >= 0);
UPDATE image SET original_size_bytes = size_bytes, original_sha256 = sha256, min_card_size = size_bytes;
