package pideploy.deploy.core.usecase;

import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/** Outcome of {@link ChangeBatchState} and {@link SetBatchPriority}. */
public sealed interface BatchChange {
    record Changed(Batch batch) implements BatchChange {}

    record NotFound(BatchId id) implements BatchChange {
        public String message() {
            return "batch %s does not exist".formatted(id);
        }
    }

    record InvalidTransition(BatchId id, BatchState from, BatchState to) implements BatchChange {
        public String message() {
            return "batch %s is %s and cannot become %s".formatted(id, from.wireName(), to.wireName());
        }
    }

    /** Starting a {@code pool} batch whose remaining count exceeds the pool's available hostnames. */
    record NotEnoughHostnames(BatchId id, VenueCode venue, ProductCode product, int remaining, int available)
            implements BatchChange {
        public String message() {
            return "batch %s needs %d hostnames but pool %s/%s has %d available; import more numbers first"
                    .formatted(id, remaining, venue, product, available);
        }
    }
}
