-- Device proof of identity (ADR-0042): the hash of the secret a deployment's config answer carried (NULL for a
-- legacy client that announced no protocol: its deployment is unverified), and how many status reports for it were
-- refused as spoofing attempts.
ALTER TABLE deployment ADD COLUMN secret_sha256 TEXT CHECK (secret_sha256 IS NULL OR length(secret_sha256) = 64);
ALTER TABLE deployment ADD COLUMN refused_reports INTEGER NOT NULL DEFAULT 0 CHECK (refused_reports >= 0);
