package pideploy.deploy.core.profile;

import java.util.Objects;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Whose layer a {@link ProfileSettings} is. Layers merge in this order, each over the one before: product, venue,
 * batch, device (ADR-0061).
 */
public sealed interface ProfileScope {
    /** {@code product}, {@code venue}, {@code batch} or {@code device}: the stored and spoken name. */
    String kind();

    /** The key within the kind: the code, the batch number or the serial. */
    String key();

    /** {@code venue CORO}, for messages and the recorded profile. */
    default String describe() {
        return kind() + " " + key();
    }

    /** Refuses settings this scope may not carry (a static address belongs to one device). */
    default ProfileSettings admit(ProfileSettings settings) {
        if (!(this instanceof Device) && settings.staticIpv4().isPresent()) {
            throw new IllegalArgumentException(("static ipv4 can only be set for one device (by its serial), not for "
                            + "%s: two devices with one address would both lose it")
                    .formatted(describe()));
        }
        return settings;
    }

    /** Parses a kind and key as the API and the store spell them. */
    static ProfileScope of(String kind, String key) {
        return switch (kind == null ? "" : kind.strip()) {
            case "product" -> new Product(ProductCode.of(key));
            case "venue" -> new Venue(VenueCode.of(key));
            case "batch" -> new Batch(BatchId.parse(key));
            case "device" -> new Device(SerialNumber.of(key));
            default ->
                throw new IllegalArgumentException(
                        "profile scope must be product, venue, batch or device, got '%s'".formatted(kind));
        };
    }

    record Product(ProductCode code) implements ProfileScope {
        public Product {
            Objects.requireNonNull(code, "code");
        }

        @Override
        public String kind() {
            return "product";
        }

        @Override
        public String key() {
            return code.value();
        }
    }

    record Venue(VenueCode code) implements ProfileScope {
        public Venue {
            Objects.requireNonNull(code, "code");
        }

        @Override
        public String kind() {
            return "venue";
        }

        @Override
        public String key() {
            return code.value();
        }
    }

    record Batch(BatchId id) implements ProfileScope {
        public Batch {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String kind() {
            return "batch";
        }

        @Override
        public String key() {
            return Long.toString(id.value());
        }
    }

    record Device(SerialNumber serial) implements ProfileScope {
        public Device {
            Objects.requireNonNull(serial, "serial");
        }

        @Override
        public String kind() {
            return "device";
        }

        @Override
        public String key() {
            return serial.value();
        }
    }
}
