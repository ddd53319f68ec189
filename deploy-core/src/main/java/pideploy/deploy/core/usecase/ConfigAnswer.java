package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeviceSecret;
import pideploy.deploy.core.deployment.ProofFailure;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.profile.DeviceProfile;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Outcome of {@link AnswerConfig}. Only {@link Assigned} records a deployment attempt; no refusal consumes a pool
 * entry or a batch slot. Suggested wire codes: POOL_EXHAUSTED 409, HOSTNAME_CONFLICT 409, NO_ACTIVE_IMAGE 409,
 * NO_ASSIGNMENT_RULE 422, UNKNOWN_PRODUCT 422, UNKNOWN_VENUE 422, ASSIGNMENT_RATE_LIMITED 429,
 * DEVICE_NOT_EXPECTED 403, CARD_TOO_SMALL 422, IMAGE_NOT_HERE_YET 503.
 */
public sealed interface ConfigAnswer {
    /**
     * The device gets {@code deployment.hostname()} and {@code image}.
     *
     * @param deployment  the attempt just recorded (status started)
     * @param image       the product's active image to write
     * @param newHostname true when the hostname was handed out now, false when the device already held it
     * @param assignedBy  the rule that decided hostname, product and venue ({@link AssignedBy#HELD} exactly when
     *                    {@code newHostname} is false)
     * @param secret      the deployment's device secret, for the answer only (the store keeps its hash); empty for a
     *                    legacy client
     * @param profile     the merged device profile, recorded with the deployment; empty when the client does not
     *                    apply profiles or no layer applies to the device (ADR-0061)
     */
    record Assigned(
            Deployment deployment,
            MasterImage image,
            boolean newHostname,
            AssignedBy assignedBy,
            Optional<DeviceSecret> secret,
            Optional<DeviceProfile> profile)
            implements ConfigAnswer {
        public Assigned {
            java.util.Objects.requireNonNull(profile, "profile");
        }

        public Assigned(
                Deployment deployment,
                MasterImage image,
                boolean newHostname,
                AssignedBy assignedBy,
                Optional<DeviceSecret> secret) {
            this(deployment, image, newHostname, assignedBy, secret, Optional.empty());
        }

        public Hostname hostname() {
            return deployment.hostname();
        }
    }

    /** Every pool entry of the venue and product is assigned or retired. */
    record PoolExhausted(VenueCode venue, ProductCode product, PoolCounts counts) implements ConfigAnswer {
        public String message() {
            return "pool %s/%s is exhausted: %d of %d hostnames assigned, %d retired, 0 available"
                    .formatted(venue, product, counts.assigned(), counts.capacity(), counts.retired());
        }
    }

    /**
     * This client address took its share of new hostnames lately (ADR-0045); nothing was consumed. A device that
     * holds a hostname is never refused this way.
     */
    record AssignmentRateLimited(String address, java.time.Duration retryAfter) implements ConfigAnswer {
        public String message() {
            return ("too many new hostnames went to %s lately; asking again in %d s is answered (pool protection)")
                    .formatted(
                            address.isEmpty() ? "this address" : address,
                            Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
    }

    /**
     * The batch that decides lists the devices it is for (ADR-0045) and this one is not among them; nothing was
     * consumed.
     */
    record DeviceNotExpected(
            pideploy.deploy.core.batch.BatchId batch, pideploy.deploy.core.device.DeviceIdentity device)
            implements ConfigAnswer {
        public String message() {
            return ("batch %s lists the devices it is for and %s is not among them; add it to the batch's expected "
                            + "devices if it belongs to this venue")
                    .formatted(batch, device.describe());
        }
    }

    /**
     * The card the request announced is smaller than the image the device would get needs (its minimum card size,
     * ADR-0063: the whole file and its last partition, the installer's own rule); checked once the image is known
     * and before anything is consumed (ADR-0047).
     */
    record CardTooSmall(pideploy.deploy.core.device.DeviceIdentity device, long cardBytes, MasterImage image)
            implements ConfigAnswer {
        public String message() {
            return ("the card of %s holds %d bytes (%s) but image %s %s needs %d (%s); use a larger card (at least "
                            + "%d bytes) or a shrunk image")
                    .formatted(
                            device.describe(),
                            cardBytes,
                            mib(cardBytes),
                            image.product(),
                            image.version(),
                            image.minCardSizeBytes(),
                            mib(image.minCardSizeBytes()),
                            image.minCardSizeBytes());
        }

        private static String mib(long bytes) {
            return "%d MiB".formatted(bytes >> 20);
        }
    }

    /** No active batch and the request does not name both a venue and a product (or cannot use them). */
    record NoAssignmentRule(String reason) implements ConfigAnswer {
        public String message() {
            return reason;
        }
    }

    /** A {@code serial} hostname another device already holds. */
    record HostnameConflict(Hostname hostname, String reason) implements ConfigAnswer {
        public String message() {
            return reason;
        }
    }

    /** The product has no active image; checked before any pool entry is consumed. */
    /**
     * The product's active image is in the shared catalog but this server does not hold its file yet: another server
     * of the fleet registered it and it is being fetched (ADR-0099). Nothing is assigned; the device retries.
     */
    record ImageNotHereYet(MasterImage image) implements ConfigAnswer {
        public String message() {
            return ("image %s %s (%s) is still being copied to this server from the server that registered it; retry "
                            + "shortly")
                    .formatted(image.product(), image.version(), image.fileName());
        }
    }

    record NoActiveImage(ProductCode product) implements ConfigAnswer {
        public String message() {
            return "product %s has no active image; register and activate one".formatted(product);
        }
    }

    /**
     * A serial number sent for a device first seen by MAC address alone that holds a hostname, without the secret of
     * that device's latest deployment (or with a wrong one): nothing is assigned and no device adopts the serial.
     * Suggested: 403 DEVICE_SECRET_REQUIRED / DEVICE_SECRET_INVALID.
     */
    record Unproven(ProofFailure failure, String reason) implements ConfigAnswer {
        public String message() {
            return reason;
        }
    }

    record UnknownProduct(ProductCode product) implements ConfigAnswer {
        public String message() {
            return "product %s does not exist".formatted(product);
        }
    }

    record UnknownVenue(VenueCode venue) implements ConfigAnswer {
        public String message() {
            return "venue %s does not exist".formatted(venue);
        }
    }
}
