package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.HostnameStrategy;

/**
 * Starts, pauses or cancels a batch, following the batch state machine, and sets its circuit breaker (ADR-0058). A
 * start (a resume) clears the breaker's trip and makes it count afresh.
 */
public final class ChangeBatchState {
    private static final System.Logger LOG = System.getLogger(ChangeBatchState.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public ChangeBatchState(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Sets the batch's circuit breaker rule, or turns it off (empty). Counting starts afresh; a reason it tripped
     * stays until the batch is resumed.
     */
    public BatchChange setBreaker(BatchId id, Optional<CircuitBreaker> rule) {
        BatchChange outcome = store.write(tx -> {
            Optional<Batch> batch = tx.batches().find(id);
            if (batch.isEmpty()) {
                return new BatchChange.NotFound(id);
            }
            tx.batches().setBreaker(id, tx.batches().breaker(id).withRule(rule, clock.instant()));
            return new BatchChange.Changed(batch.get());
        });
        if (outcome instanceof BatchChange.Changed) {
            LOG.log(
                    Level.INFO,
                    "batch {0} breaker is now {1}",
                    id,
                    rule.map(r -> r.describe() + " failed").orElse("off"));
        }
        return outcome;
    }

    public BatchChange change(BatchId id, BatchAction action) {
        BatchChange outcome = store.write(tx -> {
            Batch batch = tx.batches().find(id).orElse(null);
            if (batch == null) {
                return new BatchChange.NotFound(id);
            }
            BatchState target = action.target();
            if (!batch.state().canMoveTo(target)) {
                return new BatchChange.InvalidTransition(id, batch.state(), target);
            }
            if (target == BatchState.ACTIVE
                    && tx.products()
                            .find(batch.product())
                            .map(p -> p.strategy() == HostnameStrategy.POOL)
                            .orElse(false)) {
                PoolCounts counts = tx.pool().counts(batch.venue(), batch.product());
                if (counts.available() < batch.remaining()) {
                    return new BatchChange.NotEnoughHostnames(
                            id, batch.venue(), batch.product(), batch.remaining(), counts.available());
                }
            }
            Instant now = clock.instant();
            Batch changed = batch.moveTo(target, now);
            tx.batches().update(changed);
            if (target == BatchState.ACTIVE) {
                // A resume forgets the trip and counts afresh, so the failures that paused it do not trip it again.
                tx.batches().setBreaker(id, tx.batches().breaker(id).resumed(now));
            }
            return new BatchChange.Changed(changed);
        });
        if (outcome instanceof BatchChange.Changed c) {
            LOG.log(Level.INFO, "batch {0} is now {1}", id, c.batch().state().wireName());
        }
        return outcome;
    }
}
