package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.port.FleetStore;

/**
 * Changes a batch's priority (not of completed or cancelled batches), or moves it one place up or down among the open
 * (pending, active, paused) batches in the order they are served: highest priority first, then the oldest (ADR-0089).
 */
public final class SetBatchPriority {
    private static final System.Logger LOG = System.getLogger(SetBatchPriority.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public SetBatchPriority(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public BatchChange set(BatchId id, int priority) {
        BatchChange outcome = store.write(tx -> {
            Batch batch = tx.batches().find(id).orElse(null);
            if (batch == null) {
                return new BatchChange.NotFound(id);
            }
            if (batch.state() == BatchState.COMPLETED || batch.state() == BatchState.CANCELLED) {
                return new BatchChange.InvalidTransition(id, batch.state(), batch.state());
            }
            Batch changed = batch.withPriority(priority, clock.instant());
            tx.batches().update(changed);
            return new BatchChange.Changed(changed);
        });
        if (outcome instanceof BatchChange.Changed) {
            LOG.log(Level.INFO, "batch {0} priority is now {1}", id, String.valueOf(priority));
        }
        return outcome;
    }

    /** Serving order: higher priority first, then the older (lower id) batch. */
    static final Comparator<Batch> SERVING_ORDER =
            Comparator.comparingInt(Batch::priority).reversed().thenComparingLong(b -> b.id().value());

    /**
     * Swaps the batch with its neighbour in the serving order, changing as few priorities as it takes: from the bottom
     * of the new order up, a batch that would not come before the one below it gets that one's priority + 1. Equal
     * priorities (decided by age) are why a swap of two values alone is not enough.
     */
    public BatchMove move(BatchId id, BatchMove.Direction direction) {
        BatchMove outcome = store.write(tx -> {
            Batch batch = tx.batches().find(id).orElse(null);
            if (batch == null) {
                return new BatchMove.NotFound(id);
            }
            if (!isOpen(batch)) {
                return new BatchMove.Closed(id, batch.state());
            }
            List<Batch> order = new ArrayList<>(tx.batches().list().stream()
                    .filter(SetBatchPriority::isOpen)
                    .sorted(SERVING_ORDER)
                    .toList());
            int at = indexOf(order, id);
            int other = direction == BatchMove.Direction.UP ? at - 1 : at + 1;
            if (other < 0 || other >= order.size()) {
                return new BatchMove.AtEdge(id, direction);
            }
            order.set(at, order.get(other));
            order.set(other, batch);
            Instant now = clock.instant();
            List<Batch> changed = new ArrayList<>();
            for (int i = order.size() - 2; i >= 0; i--) {
                Batch above = order.get(i);
                Batch below = order.get(i + 1);
                if (SERVING_ORDER.compare(above, below) > 0) {
                    Batch raised = above.withPriority(below.priority() + 1, now);
                    order.set(i, raised);
                    tx.batches().update(raised);
                    changed.removeIf(b -> b.id().equals(raised.id()));
                    changed.add(raised);
                }
            }
            Batch moved = order.get(indexOf(order, id));
            changed.removeIf(b -> b.id().equals(id));
            changed.addFirst(moved);
            return new BatchMove.Moved(moved, changed);
        });
        if (outcome instanceof BatchMove.Moved m) {
            LOG.log(
                    Level.INFO,
                    "batch {0} moved {1}: priority {2}; {3} batches renumbered",
                    id,
                    direction.name().toLowerCase(java.util.Locale.ROOT),
                    String.valueOf(m.moved().priority()),
                    m.changed().size());
        }
        return outcome;
    }

    private static boolean isOpen(Batch b) {
        return b.state() != BatchState.COMPLETED && b.state() != BatchState.CANCELLED;
    }

    private static int indexOf(List<Batch> order, BatchId id) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("batch " + id + " is not in the order it was read from");
    }
}
