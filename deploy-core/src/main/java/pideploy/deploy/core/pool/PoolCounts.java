package pideploy.deploy.core.pool;

import java.util.Objects;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * How full a venue's pool for a product is.
 *
 * @param venue     venue
 * @param product   product
 * @param available entries free to assign
 * @param assigned  entries held by devices
 * @param retired   entries never handed out again
 */
public record PoolCounts(VenueCode venue, ProductCode product, int available, int assigned, int retired) {
    public PoolCounts {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        if (available < 0 || assigned < 0 || retired < 0) {
            throw new IllegalArgumentException("pool counts must not be negative");
        }
    }

    /** Entries that can ever be held: available plus assigned. */
    public int capacity() {
        return available + assigned;
    }

    public int total() {
        return available + assigned + retired;
    }
}
