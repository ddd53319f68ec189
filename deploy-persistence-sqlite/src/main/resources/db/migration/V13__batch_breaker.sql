-- The batch circuit breaker (ADR-0058): the rule per batch (both NULL: off), why it paused the batch (NULL: it has not,
-- or the batch was resumed since) and from when it counts finished deployments (nanoseconds; a resume moves it on).
-- Batches made before this migration have no breaker; `pideploy batch breaker ID --failures N --window M` sets one.
ALTER TABLE batch ADD COLUMN breaker_failures INTEGER CHECK (breaker_failures BETWEEN 1 AND 1000);
ALTER TABLE batch ADD COLUMN breaker_window INTEGER CHECK (breaker_window BETWEEN 1 AND 1000);
ALTER TABLE batch ADD COLUMN breaker_tripped TEXT;
ALTER TABLE batch ADD COLUMN breaker_since INTEGER NOT NULL DEFAULT 0;
-- The breaker reads a batch's latest finished deployments on every failed report: one index range, newest first.
CREATE INDEX deployment_finished_by_batch ON deployment (batch_id, finished_at) WHERE finished_at IS NOT NULL;
