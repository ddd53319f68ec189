package pideploy.deploy.core.profile;

import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * What the server knows about the device a profile is merged for: fills device.env's {@code PIDEPLOY_*} keys and
 * the operator values' placeholders.
 *
 * @param hostname   the hostname it gets
 * @param product    its product
 * @param venue      its venue
 * @param serial     its serial, when it sent one
 * @param deployment the deployment, empty for a preview
 */
public record DeviceFacts(
        Hostname hostname,
        ProductCode product,
        VenueCode venue,
        Optional<SerialNumber> serial,
        Optional<DeploymentId> deployment) {
    public DeviceFacts {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(deployment, "deployment");
    }

    /**
     * The hostname's last part: the pool number without its zero padding ({@code KXP2-CORO-014} gives {@code 14},
     * a kart's number), or a serial-strategy hostname's serial suffix as it is.
     */
    public String identifier() {
        String h = hostname.value();
        String id = h.substring(h.lastIndexOf('-') + 1);
        return id.chars().allMatch(Character::isDigit) ? Long.toString(Long.parseLong(id)) : id;
    }
}
