package pideploy.deploy.core.usecase;

import java.util.List;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;

/** Outcome of {@link SetBatchPriority#move}. */
public sealed interface BatchMove {
    /** Which way in the order batches are served (highest priority first, then oldest). */
    enum Direction {
        UP,
        DOWN;

        /** @throws IllegalArgumentException unless {@code up} or {@code down} */
        public static Direction parse(String s) {
            return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "up" -> UP;
                case "down" -> DOWN;
                default -> throw new IllegalArgumentException("direction must be up or down, was '%s'".formatted(s));
            };
        }
    }

    /**
     * @param moved   the batch, with its new priority
     * @param changed every batch whose priority changed (the moved one first), for the audit log
     */
    record Moved(Batch moved, List<Batch> changed) implements BatchMove {
        public Moved {
            changed = List.copyOf(changed);
        }
    }

    record NotFound(BatchId id) implements BatchMove {
        public String message() {
            return "batch %s does not exist".formatted(id);
        }
    }

    record Closed(BatchId id, BatchState state) implements BatchMove {
        public String message() {
            return "batch %s is %s; only pending, active and paused batches have an order"
                    .formatted(id, state.wireName());
        }
    }

    /** Already first (up) or last (down) of the open batches: nothing changed. */
    record AtEdge(BatchId id, Direction direction) implements BatchMove {
        public String message() {
            return "batch %s is already the %s of the open batches"
                    .formatted(id, direction == Direction.UP ? "first" : "last");
        }
    }
}
