package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.HostnameStrategy;

/** Starts, pauses or cancels a batch, following the batch state machine. */
public final class ChangeBatchState {
    private static final System.Logger LOG = System.getLogger(ChangeBatchState.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public ChangeBatchState(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
            Batch changed = batch.moveTo(target, clock.instant());
            tx.batches().update(changed);
            return new BatchChange.Changed(changed);
        });
        if (outcome instanceof BatchChange.Changed c) {
            LOG.log(Level.INFO, "batch {0} is now {1}", id, c.batch().state().wireName());
        }
        return outcome;
    }
}
