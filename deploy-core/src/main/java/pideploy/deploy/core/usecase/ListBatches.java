package pideploy.deploy.core.usecase;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.BatchBreaker;
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

    /** The batch's circuit breaker (ADR-0058); {@link BatchBreaker#OFF} for an unknown batch. */
    public BatchBreaker breaker(BatchId id) {
        return store.read(tx -> tx.batches().breaker(id));
    }

    /** Every batch's circuit breaker, by batch, in one read (the batch list shows them all). */
    public Map<BatchId, BatchBreaker> breakers() {
        return store.read(tx -> {
            Map<BatchId, BatchBreaker> all = new LinkedHashMap<>();
            tx.batches().list().forEach(b -> all.put(b.id(), tx.batches().breaker(b.id())));
            return all;
        });
    }

    public Optional<Batch> find(BatchId id) {
        return store.read(tx -> tx.batches().find(id));
    }
}
