package pideploy.deploy.core.usecase;

import java.util.Objects;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Input of {@link CreateBatch}.
 *
 * @param venue    venue the devices go to
 * @param product  product they become
 * @param count    1-100000 devices
 * @param priority higher wins (any int; 0 is the default)
 */
public record CreateBatchCommand(VenueCode venue, ProductCode product, int count, int priority) {
    public CreateBatchCommand {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Batch.validateCount(count);
    }
}
