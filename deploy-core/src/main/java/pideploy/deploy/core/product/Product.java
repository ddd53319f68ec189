package pideploy.deploy.core.product;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A product (device type) and its hostname strategy.
 *
 * @param code      unique product code
 * @param strategy  how identifiers of its hostnames are made
 * @param createdAt when it was added
 */
public record Product(ProductCode code, HostnameStrategy strategy, Instant createdAt) {
    /** Products that exist from the first start: both take their identifiers from pools. */
    public static final List<ProductCode> DEFAULTS = List.of(ProductCode.of("KXP2"), ProductCode.of("RXP2"));

    public Product {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
