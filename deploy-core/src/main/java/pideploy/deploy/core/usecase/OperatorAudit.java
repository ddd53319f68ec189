package pideploy.deploy.core.usecase;

import java.time.InstantSource;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.AuditLog;

/** Writes the one audit entry of an operator use case: who, what, on what, from where (ADR-0100). */
final class OperatorAudit {
    private static final System.Logger LOG = System.getLogger(OperatorAudit.class.getName());
    private final AuditLog log;
    private final InstantSource clock;

    OperatorAudit(AuditLog log, InstantSource clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Writes the entry; a failing write is logged, never thrown: it must not undo or hide what was done. */
    void record(Actor actor, String action, String target, String detail) {
        try {
            log.append(new NewAuditEntry(clock.instant(), actor.name(), action, target, actor.detail(detail)));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "audit entry for {0} {1} by {2} not written: {3}",
                    action,
                    target,
                    actor.name(),
                    e.toString());
        }
    }

    java.time.Instant now() {
        return clock.instant();
    }
}
