package pideploy.deploy.server.notify;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.notify.Notice;
import pideploy.deploy.core.notify.NoticeType;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.Notifier;

/**
 * Raises {@code batch.completed} and {@code pool.nearly_empty} from what housekeeping reads each round (ADR-0085):
 * a batch seen {@code completed} that was not completed the round before (the first round only learns which are, so
 * a restart does not tell old news again), and a pool whose available hostnames fall below the threshold, once per
 * crossing: it is told about again only after it was refilled to the threshold or more. Read rather than hooked into
 * the assignment, so a device's config answer never pays for it. Not thread-safe: one housekeeping thread calls it.
 */
public final class BatchAndPoolNotices {
    private final Notifier notifier;
    private final Clock clock;
    private final IntSupplier poolThreshold;
    private Set<BatchId> completed;
    private final Set<String> lowPools = new HashSet<>();

    /** @param poolThreshold fewer available hostnames than this is "nearly empty"; 0 turns the notice off */
    public BatchAndPoolNotices(Notifier notifier, Clock clock, IntSupplier poolThreshold) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.poolThreshold = Objects.requireNonNull(poolThreshold, "poolThreshold");
    }

    /** @return how many notices this raised */
    public int check(List<Batch> batches, List<PoolCounts> pools) {
        int raised = 0;
        Set<BatchId> now = new HashSet<>();
        for (Batch b : batches) {
            if (b.state() != BatchState.COMPLETED) {
                continue;
            }
            now.add(b.id());
            if (completed != null && !completed.contains(b.id())) {
                notifier.raise(new Notice(
                        NoticeType.BATCH_COMPLETED,
                        clock.instant(),
                        "batch %s (%s at %s, %d devices) completed"
                                .formatted(b.id(), b.product(), b.venue(), b.count()),
                        Map.of(
                                "batch_id", b.id().toString(),
                                "venue", b.venue().value(),
                                "product", b.product().value(),
                                "count", Integer.toString(b.count()))));
                raised++;
            }
        }
        completed = now;
        int threshold = poolThreshold.getAsInt();
        for (PoolCounts p : pools) {
            String key = p.venue().value() + "/" + p.product().value();
            if (threshold <= 0 || p.total() == 0 || p.available() >= threshold) {
                lowPools.remove(key);
            } else if (lowPools.add(key)) {
                notifier.raise(new Notice(
                        NoticeType.POOL_NEARLY_EMPTY,
                        clock.instant(),
                        "pool %s at %s nearly empty: %d hostname(s) available, fewer than %d; import more (pool import)"
                                .formatted(p.product(), p.venue(), p.available(), threshold),
                        Map.of(
                                "venue", p.venue().value(),
                                "product", p.product().value(),
                                "available", Integer.toString(p.available()),
                                "assigned", Integer.toString(p.assigned()),
                                "threshold", Integer.toString(threshold))));
                raised++;
            }
        }
        return raised;
    }
}
