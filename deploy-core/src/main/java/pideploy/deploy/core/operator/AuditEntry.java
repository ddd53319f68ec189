package pideploy.deploy.core.operator;

import java.time.Instant;
import java.util.Objects;

/**
 * One operator action in the audit log.
 *
 * @param id     store-assigned, increasing
 * @param at     when
 * @param actor  username (or {@code cli}, {@code system})
 * @param action what, e.g. {@code pool.import}
 * @param target on what, e.g. {@code CORO/KXP2}; may be empty
 * @param detail free text, may be empty
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail) {
    public AuditEntry {
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
