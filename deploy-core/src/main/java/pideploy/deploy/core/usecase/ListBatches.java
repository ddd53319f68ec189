package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.port.FleetStore;

/** Lists batches, or finds one. */
public final class ListBatches {
    private final FleetStore store;

    public ListBatches(FleetStore store) {
        this.store = store;
    }

    /** All batches, newest first. */
    public List<Batch> list() {
        return store.read(tx -> tx.batches().list());
    }

    public Optional<Batch> find(BatchId id) {
        return store.read(tx -> tx.batches().find(id));
    }
}
