package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.port.FleetStore;

/** Changes a batch's priority (not of completed or cancelled batches). */
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
}
