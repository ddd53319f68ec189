package pideploy.deploy.core.deployment;

import java.util.Objects;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * How many deployments of a venue and product are in a status.
 *
 * @param venue   venue
 * @param product product
 * @param status  status
 * @param count   number of deployments
 */
public record StatusCount(VenueCode venue, ProductCode product, DeploymentStatus status, long count) {
    public StatusCount {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(status, "status");
    }
}
