-- API tokens get a role, an expiry and a last use (ADR-0051). Tokens made before this acted with their owner's role
-- and never expired; they keep doing so (role admin is capped by the owner's current role on every request, and a
-- NULL expiry means never), so an upgrade breaks no script. Times are nanoseconds since the epoch, as elsewhere.
ALTER TABLE api_token ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'operator', 'viewer'));
ALTER TABLE api_token ADD COLUMN expires_at INTEGER CHECK (expires_at IS NULL OR expires_at > created_at);
ALTER TABLE api_token ADD COLUMN last_used_at INTEGER;
