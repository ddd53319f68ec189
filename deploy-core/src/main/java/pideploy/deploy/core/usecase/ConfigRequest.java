package pideploy.deploy.core.usecase;

import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * A device's {@code POST /api/config}.
 *
 * @param product  product_type, if sent
 * @param venue    venue_code, if sent
 * @param identity serial_number and/or mac_address
 * @param clientIp the address the request came from (text, may be empty)
 */
public record ConfigRequest(Optional<ProductCode> product, Optional<VenueCode> venue, DeviceIdentity identity,
                            String clientIp) {
    public ConfigRequest {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(identity, "identity");
        clientIp = clientIp == null ? "" : clientIp;
        if (clientIp.length() > 64) {
            throw new IllegalArgumentException("client address must be at most 64 characters");
        }
    }

    public static ConfigRequest of(ProductCode product, VenueCode venue, DeviceIdentity identity) {
        return new ConfigRequest(Optional.ofNullable(product), Optional.ofNullable(venue), identity, "");
    }
}
