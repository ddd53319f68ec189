package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.ExpectedDevices;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/** Batches. Used inside a {@link FleetStore} transaction. */
public interface BatchRepository {
    /** Adds a {@code pending} batch with remaining = count and returns it with its new, increasing id. */
    Batch add(VenueCode venue, ProductCode product, int count, int priority, Instant now);

    /** Replaces the batch with the same id. @throws StorageException if there is none */
    void update(Batch batch);

    Optional<Batch> find(BatchId id);

    /** The active batch with remaining > 0 that decides next: highest priority, then oldest (lowest id). */
    Optional<Batch> nextActive();

    /** All batches, newest first. */
    List<Batch> list();

    /**
     * Replaces the devices the batch is for (ADR-0045); {@link ExpectedDevices#ANY} clears the list.
     * @throws StorageException if there is no such batch
     */
    void setExpected(BatchId id, ExpectedDevices devices);

    /** The devices the batch is for; {@link ExpectedDevices#ANY} when none are listed or there is no such batch. */
    ExpectedDevices expected(BatchId id);

    /** Whether the batch lists devices and {@code device} is one of them; true when it lists none. */
    default boolean admits(BatchId id, DeviceIdentity device) {
        return expected(id).admits(device);
    }

    /**
     * The batch's circuit breaker (ADR-0058): its rule, why it tripped, from when it counts.
     * {@link BatchBreaker#OFF} when the batch has none set or there is no such batch.
     */
    BatchBreaker breaker(BatchId id);

    /** Replaces the batch's circuit breaker. @throws StorageException if there is no such batch */
    void setBreaker(BatchId id, BatchBreaker breaker);
}
