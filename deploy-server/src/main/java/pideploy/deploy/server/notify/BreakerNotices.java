package pideploy.deploy.server.notify;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pideploy.deploy.core.notify.Notice;
import pideploy.deploy.core.notify.NoticeType;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.Notifier;

/**
 * The audit log the core writes what it does by itself to, raising {@code batch.breaker_tripped} for the entry a
 * breaker trip writes (ADR-0058, ADR-0085): that entry is written once per trip, after the pause committed, with the
 * reason and the failure that tipped it over, which is exactly what the notice says. Everything else passes through.
 */
public final class BreakerNotices implements AuditLog {
    private static final System.Logger LOG = System.getLogger(BreakerNotices.class.getName());
    /** The action {@code RecordStatus} writes for a trip. */
    static final String TRIPPED = "batch.breaker_tripped";

    private final AuditLog next;
    private final Notifier notifier;

    public BreakerNotices(AuditLog next, Notifier notifier) {
        this.next = Objects.requireNonNull(next, "next");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    @Override
    public AuditEntry append(NewAuditEntry entry) {
        try {
            return next.append(entry);
        } finally {
            // The pause is committed before this entry is written: a failed write loses the line, not the notice.
            if (TRIPPED.equals(entry.action())) {
                raise(entry);
            }
        }
    }

    private void raise(NewAuditEntry entry) {
        try {
            notifier.raise(new Notice(
                    NoticeType.BREAKER_TRIPPED,
                    entry.at(),
                    "batch %s paused by its circuit breaker: %s".formatted(entry.target(), entry.detail()),
                    Map.of("batch_id", entry.target(), "reason", entry.detail())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "breaker notice for batch {0} not raised: {1}", entry.target(), e.toString());
        }
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        return next.query(query);
    }
}
