package pideploy.deploy.core.operator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit entries to list, newest first.
 *
 * @param actor  only this actor
 * @param since  at or after
 * @param limit  1..1000
 * @param offset 0 or more
 */
public record AuditQuery(Optional<String> actor, Optional<Instant> since, int limit, int offset) {
    public AuditQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(since, "since");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1-1000, got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }

    public static AuditQuery latest(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), limit, 0);
    }
}
