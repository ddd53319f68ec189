package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.ExpectedDevices;
import pideploy.deploy.core.port.FleetStore;

/**
 * Lists the devices a batch is for (ADR-0045): while the list is not empty, the batch gives hostnames only to a
 * device whose serial or MAC is on it; anyone else is refused {@link ConfigAnswer.DeviceNotExpected} and nothing is
 * consumed. An empty list lets any device in again.
 */
public final class ExpectBatchDevices {
    private static final System.Logger LOG = System.getLogger(ExpectBatchDevices.class.getName());
    private final FleetStore store;

    public ExpectBatchDevices(FleetStore store) {
        this.store = store;
    }

    /** Replaces the batch's list; empty when there is no such batch, else the batch. */
    public Optional<Batch> expect(BatchId id, ExpectedDevices devices) {
        Optional<Batch> batch = store.write(tx -> {
            Optional<Batch> found = tx.batches().find(id);
            found.ifPresent(b -> tx.batches().setExpected(id, devices));
            return found;
        });
        batch.ifPresent(b -> LOG.log(
                Level.INFO,
                "batch {0} now expects {1}",
                id,
                devices.isEmpty()
                        ? "any device"
                        : "%d serial numbers and %d MAC addresses"
                                .formatted(
                                        devices.serials().size(), devices.macs().size())));
        return batch;
    }

    /** The batch's list; {@link ExpectedDevices#ANY} when it lists none. Empty when there is no such batch. */
    public Optional<ExpectedDevices> expected(BatchId id) {
        return store.read(tx -> tx.batches().find(id).map(b -> tx.batches().expected(id)));
    }
}
