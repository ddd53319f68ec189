-- Housekeeping looks every minute for deployments in flight that stopped reporting (ADR-0047); this keeps that a
-- lookup of the few in flight instead of a scan of every deployment ever made.
CREATE INDEX deployment_in_flight ON deployment (updated_at, id)
    WHERE status IN ('started', 'downloading', 'verifying', 'customizing');
