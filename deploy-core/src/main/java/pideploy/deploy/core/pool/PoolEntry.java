package pideploy.deploy.core.pool;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * One number of a venue's pool for a product, and its hostname.
 *
 * @param venue      venue of the pool
 * @param product    product of the pool
 * @param number     the pool number (0 or more)
 * @param hostname   the hostname it stands for
 * @param state      available, assigned or retired
 * @param holder     id of the device holding it; present exactly when assigned
 * @param assignedAt when it was last assigned, if ever
 */
public record PoolEntry(
        VenueCode venue,
        ProductCode product,
        int number,
        Hostname hostname,
        PoolEntryState state,
        OptionalLong holder,
        Optional<Instant> assignedAt) {
    public PoolEntry {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(assignedAt, "assignedAt");
        if (number < 0) {
            throw new IllegalArgumentException("pool number must not be negative, got " + number);
        }
        if ((state == PoolEntryState.ASSIGNED) != holder.isPresent()) {
            throw new IllegalArgumentException("pool entry %s: holder must be present exactly when assigned (state %s)"
                    .formatted(hostname, state));
        }
    }

    /** A fresh, available entry. */
    public static PoolEntry available(VenueCode venue, ProductCode product, int number, int digits) {
        return new PoolEntry(
                venue,
                product,
                number,
                Hostname.ofPoolNumber(product, venue, number, digits),
                PoolEntryState.AVAILABLE,
                OptionalLong.empty(),
                Optional.empty());
    }

    public PoolEntry assignedTo(long deviceId, Instant now) {
        return new PoolEntry(
                venue, product, number, hostname, PoolEntryState.ASSIGNED, OptionalLong.of(deviceId), Optional.of(now));
    }

    public PoolEntry released() {
        return new PoolEntry(
                venue, product, number, hostname, PoolEntryState.AVAILABLE, OptionalLong.empty(), assignedAt);
    }

    public PoolEntry retired() {
        return new PoolEntry(
                venue, product, number, hostname, PoolEntryState.RETIRED, OptionalLong.empty(), assignedAt);
    }
}
