package pideploy.deploy.core.pool;

import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Which pool entries to list; empty parts match everything. Results are ordered by venue, product, number.
 *
 * @param venue   only this venue
 * @param product only this product
 * @param state   only this state
 */
public record PoolFilter(Optional<VenueCode> venue, Optional<ProductCode> product, Optional<PoolEntryState> state) {
    public static final PoolFilter ALL = new PoolFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public PoolFilter {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(state, "state");
    }

    public static PoolFilter venue(VenueCode venue) {
        return new PoolFilter(Optional.of(venue), Optional.empty(), Optional.empty());
    }

    public boolean matches(PoolEntry entry) {
        return venue.map(entry.venue()::equals).orElse(true)
                && product.map(entry.product()::equals).orElse(true)
                && state.map(s -> s == entry.state()).orElse(true);
    }
}
