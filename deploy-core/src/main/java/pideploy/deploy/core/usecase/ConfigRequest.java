package pideploy.deploy.core.usecase;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import pideploy.deploy.core.deployment.DeviceSecret;
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
 * @param provesIdentity true when the client announced the device-proof protocol: its deployment gets a secret
 *                       (ADR-0042); false for a legacy client, whose deployment is unverified
 * @param secret   the secret of the device's latest deployment, if sent: lets a device first seen by MAC alone bring
 *                 its serial number
 * @param cardSize the size in bytes of the card the installer would write, if sent: a card smaller than the image
 *                 is refused before a hostname is handed out (ADR-0047)
 * @param acceptsProfile true when the client applies a device profile (protocol 3): only then is one merged,
 *                       answered and recorded with the deployment (ADR-0061)
 * @param acceptsHooks   true when the client also runs operator hooks and reports on them (protocol 4, ADR-0094):
 *                       only then does the profile carry them
 */
public record ConfigRequest(
        Optional<ProductCode> product,
        Optional<VenueCode> venue,
        DeviceIdentity identity,
        String clientIp,
        boolean provesIdentity,
        Optional<DeviceSecret> secret,
        OptionalLong cardSize,
        boolean acceptsProfile,
        boolean acceptsHooks) {
    public ConfigRequest {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(cardSize, "cardSize");
        if (cardSize.isPresent() && cardSize.getAsLong() < 0) {
            throw new IllegalArgumentException("card size must not be negative, got " + cardSize.getAsLong());
        }
        clientIp = clientIp == null ? "" : clientIp;
        if (clientIp.length() > 64) {
            throw new IllegalArgumentException("client address must be at most 64 characters");
        }
    }

    public ConfigRequest(
            Optional<ProductCode> product,
            Optional<VenueCode> venue,
            DeviceIdentity identity,
            String clientIp,
            boolean provesIdentity,
            Optional<DeviceSecret> secret,
            OptionalLong cardSize,
            boolean acceptsProfile) {
        this(product, venue, identity, clientIp, provesIdentity, secret, cardSize, acceptsProfile, false);
    }

    public ConfigRequest(
            Optional<ProductCode> product,
            Optional<VenueCode> venue,
            DeviceIdentity identity,
            String clientIp,
            boolean provesIdentity,
            Optional<DeviceSecret> secret,
            OptionalLong cardSize) {
        this(product, venue, identity, clientIp, provesIdentity, secret, cardSize, false);
    }

    public ConfigRequest(
            Optional<ProductCode> product,
            Optional<VenueCode> venue,
            DeviceIdentity identity,
            String clientIp,
            boolean provesIdentity,
            Optional<DeviceSecret> secret) {
        this(product, venue, identity, clientIp, provesIdentity, secret, OptionalLong.empty());
    }

    /** A legacy client's request: no protocol announced, no secret. */
    public ConfigRequest(
            Optional<ProductCode> product, Optional<VenueCode> venue, DeviceIdentity identity, String clientIp) {
        this(product, venue, identity, clientIp, false, Optional.empty());
    }

    /** The same request from a client that announced the device-proof protocol. */
    public ConfigRequest provingIdentity() {
        return new ConfigRequest(
                product, venue, identity, clientIp, true, secret, cardSize, acceptsProfile, acceptsHooks);
    }

    /** The same request carrying {@code s}, the secret of the device's latest deployment. */
    public ConfigRequest withSecret(DeviceSecret s) {
        return new ConfigRequest(
                product,
                venue,
                identity,
                clientIp,
                provesIdentity,
                Optional.of(s),
                cardSize,
                acceptsProfile,
                acceptsHooks);
    }

    /** The same request announcing a card of {@code bytes}. */
    public ConfigRequest withCardSize(long bytes) {
        return new ConfigRequest(
                product,
                venue,
                identity,
                clientIp,
                provesIdentity,
                secret,
                OptionalLong.of(bytes),
                acceptsProfile,
                acceptsHooks);
    }

    /** The same request from a client that applies device profiles (protocol 3). */
    public ConfigRequest acceptingProfile() {
        return new ConfigRequest(
                product, venue, identity, clientIp, provesIdentity, secret, cardSize, true, acceptsHooks);
    }

    /** The same request from a client that runs operator hooks too (protocol 4). */
    public ConfigRequest acceptingHooks() {
        return new ConfigRequest(product, venue, identity, clientIp, provesIdentity, secret, cardSize, true, true);
    }

    public static ConfigRequest of(ProductCode product, VenueCode venue, DeviceIdentity identity) {
        return new ConfigRequest(Optional.ofNullable(product), Optional.ofNullable(venue), identity, "");
    }
}
