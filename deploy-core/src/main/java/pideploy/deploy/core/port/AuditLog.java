package pideploy.deploy.core.port;

import java.util.List;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.NewAuditEntry;

/** The append-only log of operator actions. Each call is its own transaction. Thread-safe. */
public interface AuditLog {
    /** Keeps nothing: for tools and tests that have no audit log. */
    AuditLog NONE = new AuditLog() {
        @Override
        public AuditEntry append(NewAuditEntry entry) {
            return new AuditEntry(0, entry.at(), entry.actor(), entry.action(), entry.target(), entry.detail());
        }

        @Override
        public List<AuditEntry> query(AuditQuery query) {
            return List.of();
        }
    };

    /** Appends and returns the entry with its new, increasing id. */
    AuditEntry append(NewAuditEntry entry);

    /** Entries matching the query, newest first (highest id first). */
    List<AuditEntry> query(AuditQuery query);
}
