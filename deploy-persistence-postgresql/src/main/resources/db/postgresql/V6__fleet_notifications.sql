-- Live events across servers (ADR-0097): every committed deployment event, and every change made with the admin
-- command line, is announced on the channel pideploy_fleet. NOTIFY is transactional: listeners hear it at commit,
-- in commit order, and never for a rolled-back write. The payload names the writing process (the origin its fleet
-- store sets for the transaction, '-' when none) so a server skips the events it published itself.
CREATE FUNCTION pideploy_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pideploy_fleet',
        'event ' || coalesce(nullif(current_setting('pideploy.origin', true), ''), '-') || ' ' || NEW.sequence);
    RETURN NULL;
END
$$;

CREATE TRIGGER deployment_event_notify AFTER INSERT ON deployment_event
    FOR EACH ROW EXECUTE FUNCTION pideploy_notify_event();

-- Only command-line actions: a server's own management API changes reach its pages through its own events.
-- The payload is cut to stay far below NOTIFY's 8000-byte limit.
CREATE FUNCTION pideploy_notify_cli_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pideploy_fleet', left('cli ' || NEW.action || ' ' || NEW.target, 1000));
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_notify AFTER INSERT ON audit_log
    FOR EACH ROW WHEN (NEW.actor LIKE 'cli:%') EXECUTE FUNCTION pideploy_notify_cli_change();
