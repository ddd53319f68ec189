package pideploy.deploy.core.deployment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Which deployments to list, newest first (by start time, then id). Empty parts match everything.
 *
 * @param venue    only this venue
 * @param product  only this product
 * @param status   only this status
 * @param hostname only this hostname
 * @param serial   only this serial
 * @param from     started at or after
 * @param to       started before
 * @param limit    1..1000
 * @param offset   0 or more
 */
public record DeploymentFilter(
        Optional<VenueCode> venue,
        Optional<ProductCode> product,
        Optional<DeploymentStatus> status,
        Optional<Hostname> hostname,
        Optional<SerialNumber> serial,
        Optional<Instant> from,
        Optional<Instant> to,
        int limit,
        int offset) {
    public static final int MAX_LIMIT = 1000;

    public DeploymentFilter {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-%d, got %d".formatted(MAX_LIMIT, limit));
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }

    /** Everything, first {@code limit}. */
    public static DeploymentFilter all(int limit) {
        return new DeploymentFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                limit,
                0);
    }

    public DeploymentFilter withVenue(VenueCode v) {
        return new DeploymentFilter(Optional.of(v), product, status, hostname, serial, from, to, limit, offset);
    }

    public DeploymentFilter withProduct(ProductCode p) {
        return new DeploymentFilter(venue, Optional.of(p), status, hostname, serial, from, to, limit, offset);
    }

    public DeploymentFilter withStatus(DeploymentStatus s) {
        return new DeploymentFilter(venue, product, Optional.of(s), hostname, serial, from, to, limit, offset);
    }

    public DeploymentFilter withHostname(Hostname h) {
        return new DeploymentFilter(venue, product, status, Optional.of(h), serial, from, to, limit, offset);
    }

    public DeploymentFilter withSerial(SerialNumber s) {
        return new DeploymentFilter(venue, product, status, hostname, Optional.of(s), from, to, limit, offset);
    }

    public DeploymentFilter between(Instant fromInclusive, Instant toExclusive) {
        return new DeploymentFilter(
                venue,
                product,
                status,
                hostname,
                serial,
                Optional.ofNullable(fromInclusive),
                Optional.ofNullable(toExclusive),
                limit,
                offset);
    }

    public DeploymentFilter page(int newLimit, int newOffset) {
        return new DeploymentFilter(venue, product, status, hostname, serial, from, to, newLimit, newOffset);
    }

    public boolean matches(Deployment d) {
        return venue.map(d.venue()::equals).orElse(true)
                && product.map(d.product()::equals).orElse(true)
                && status.map(s -> s == d.status()).orElse(true)
                && hostname.map(d.hostname()::equals).orElse(true)
                && serial.map(s -> d.serial().map(s::equals).orElse(false)).orElse(true)
                && from.map(f -> !d.startedAt().isBefore(f)).orElse(true)
                && to.map(t -> d.startedAt().isBefore(t)).orElse(true);
    }
}
