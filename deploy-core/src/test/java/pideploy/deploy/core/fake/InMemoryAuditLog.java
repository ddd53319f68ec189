package pideploy.deploy.core.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.AuditLog;

/** In-memory {@link AuditLog}; thread-safe. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry append(NewAuditEntry entry) {
        AuditEntry saved = new AuditEntry(
                entries.size() + 1L, entry.at(), entry.actor(), entry.action(), entry.target(), entry.detail());
        entries.add(saved);
        return saved;
    }

    @Override
    public synchronized List<AuditEntry> query(AuditQuery query) {
        return entries.stream()
                .filter(e -> query.actor().map(e.actor()::equals).orElse(true))
                .filter(e -> query.since().map(s -> !e.at().isBefore(s)).orElse(true))
                .sorted(Comparator.comparingLong(AuditEntry::id).reversed())
                .skip(query.offset())
                .limit(query.limit())
                .toList();
    }
}
