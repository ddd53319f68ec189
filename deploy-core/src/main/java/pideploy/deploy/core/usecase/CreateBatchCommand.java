package pideploy.deploy.core.usecase;

import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Input of {@link CreateBatch}.
 *
 * @param venue    venue the devices go to
 * @param product  product they become
 * @param count    1-100000 devices
 * @param priority higher wins (any int; 0 is the default)
 * @param breaker  the batch's circuit breaker (ADR-0058); empty: off
 */
public record CreateBatchCommand(
        VenueCode venue, ProductCode product, int count, int priority, Optional<CircuitBreaker> breaker) {
    public CreateBatchCommand {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(breaker, "breaker");
        Batch.validateCount(count);
    }

    /** With the default breaker, {@link CircuitBreaker#DEFAULT}. */
    public CreateBatchCommand(VenueCode venue, ProductCode product, int count, int priority) {
        this(venue, product, count, priority, Optional.of(CircuitBreaker.DEFAULT));
    }
}
