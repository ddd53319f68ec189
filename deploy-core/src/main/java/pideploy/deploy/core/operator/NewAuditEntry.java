package pideploy.deploy.core.operator;

import java.time.Instant;
import java.util.Objects;

/** An audit entry before the store gives it its id. See {@link AuditEntry}. */
public record NewAuditEntry(Instant at, String actor, String action, String target, String detail) {
    public NewAuditEntry {
        Objects.requireNonNull(at, "at");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("audit actor is required");
        }
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("audit action is required");
        }
        target = target == null ? "" : target;
        detail = detail == null ? "" : detail;
    }
}
