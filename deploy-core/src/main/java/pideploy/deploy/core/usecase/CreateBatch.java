package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.Product;

/** Creates a batch in state {@code pending}. */
public final class CreateBatch {
    private static final System.Logger LOG = System.getLogger(CreateBatch.class.getName());
    private final FleetStore store;
    private final Clock clock;

    public CreateBatch(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public BatchCreation create(CreateBatchCommand command) {
        BatchCreation outcome = store.write(tx -> {
            if (tx.venues().find(command.venue()).isEmpty()) {
                return new BatchCreation.UnknownVenue(command.venue());
            }
            Product product = tx.products().find(command.product()).orElse(null);
            if (product == null) {
                return new BatchCreation.UnknownProduct(command.product());
            }
            if (product.strategy() == HostnameStrategy.POOL) {
                PoolCounts counts = tx.pool().counts(command.venue(), command.product());
                if (counts.available() < command.count()) {
                    return new BatchCreation.NotEnoughHostnames(
                            command.venue(), command.product(), command.count(), counts.available());
                }
            }
            Instant now = clock.instant();
            Batch batch =
                    tx.batches().add(command.venue(), command.product(), command.count(), command.priority(), now);
            tx.batches().setBreaker(batch.id(), BatchBreaker.counting(command.breaker(), now));
            return new BatchCreation.Created(batch);
        });
        if (outcome instanceof BatchCreation.Created c) {
            LOG.log(
                    Level.INFO,
                    "batch {0} created: {1} devices to {2} as {3}, priority {4}",
                    c.batch().id(),
                    String.valueOf(c.batch().count()),
                    c.batch().venue(),
                    c.batch().product(),
                    String.valueOf(c.batch().priority()));
        }
        return outcome;
    }
}
