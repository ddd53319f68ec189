package pideploy.installer.core.port;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's answer to a config request: the deployment this attempt is, the hostname the device gets and the
 * image to write. {@code imageChecksum} is the lower-case hex SHA-256 of the whole image file; {@code imageUrl} may
 * be relative to the server's base URL (the server adapter resolves it). {@code transferForms} are the faster forms
 * the server offers beside the raw image (empty from servers that predate them). {@code deviceSecret} is the
 * deployment's proof of identity (ADR-0042): every status report and the first boot's {@code booted} report send it
 * back; empty from servers that predate it. {@code assignedBy} is the rule that chose hostname, product and venue;
 * empty from servers that predate it. {@code minCardSize} is the smallest card the image fits (ADR-0063), never
 * less than {@code imageSize} as the whole file is written; servers that predate it leave it at the image's size.
 * {@code profile} is what the first boot sets beyond the hostname (ADR-0062); {@link DeviceProfile#NONE} from servers
 * before protocol 3.
 */
public record DeploymentConfig(
        String deploymentId,
        String hostname,
        String productType,
        String venueCode,
        String imageUrl,
        long imageSize,
        String imageChecksum,
        String imageVersion,
        CustomizationMethod customizationMethod,
        List<TransferForm> transferForms,
        Optional<String> deviceSecret,
        Optional<AssignedBy> assignedBy,
        long minCardSize,
        DeviceProfile profile) {

    /** A config without a profile, as servers before protocol 3 answer. */
    public DeploymentConfig(
            String deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String imageUrl,
            long imageSize,
            String imageChecksum,
            String imageVersion,
            CustomizationMethod customizationMethod,
            List<TransferForm> transferForms,
            Optional<String> deviceSecret,
            Optional<AssignedBy> assignedBy,
            long minCardSize) {
        this(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                deviceSecret,
                assignedBy,
                minCardSize,
                DeviceProfile.NONE);
    }

    /** A config without a minimum card size, as servers before ADR-0063 answer: the card must hold the file. */
    public DeploymentConfig(
            String deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String imageUrl,
            long imageSize,
            String imageChecksum,
            String imageVersion,
            CustomizationMethod customizationMethod,
            List<TransferForm> transferForms,
            Optional<String> deviceSecret,
            Optional<AssignedBy> assignedBy,
            DeviceProfile profile) {
        this(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                deviceSecret,
                assignedBy,
                imageSize,
                profile);
    }

    /** A config without a minimum card size or a profile. */
    public DeploymentConfig(
            String deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String imageUrl,
            long imageSize,
            String imageChecksum,
            String imageVersion,
            CustomizationMethod customizationMethod,
            List<TransferForm> transferForms,
            Optional<String> deviceSecret,
            Optional<AssignedBy> assignedBy) {
        this(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                deviceSecret,
                assignedBy,
                imageSize,
                DeviceProfile.NONE);
    }

    /** A config without the assignment rule, as servers before it answer. */
    public DeploymentConfig(
            String deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String imageUrl,
            long imageSize,
            String imageChecksum,
            String imageVersion,
            CustomizationMethod customizationMethod,
            List<TransferForm> transferForms,
            Optional<String> deviceSecret) {
        this(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                deviceSecret,
                Optional.empty());
    }

    /** A config without a device secret, as servers before protocol version 2 answer. */
    public DeploymentConfig(
            String deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String imageUrl,
            long imageSize,
            String imageChecksum,
            String imageVersion,
            CustomizationMethod customizationMethod,
            List<TransferForm> transferForms) {
        this(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                Optional.empty());
    }

    /** A config with the raw image only. */
    public DeploymentConfig(
            String deploymentId,
            String hostname,
            String productType,
            String venueCode,
            String imageUrl,
            long imageSize,
            String imageChecksum,
            String imageVersion,
            CustomizationMethod customizationMethod) {
        this(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                List.of());
    }

    public DeploymentConfig {
        if (deploymentId == null || deploymentId.isBlank()) {
            throw new IllegalArgumentException("deployment_id must be present, was '%s'".formatted(deploymentId));
        }
        if (hostname == null || !hostname.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("hostname must be an RFC 1123 label, was '%s'".formatted(hostname));
        }
        Objects.requireNonNull(productType, "productType");
        Objects.requireNonNull(venueCode, "venueCode");
        if (imageUrl == null || imageUrl.isBlank()) {
            throw new IllegalArgumentException("image_url must be present, was '%s'".formatted(imageUrl));
        }
        if (imageSize <= 0) {
            throw new IllegalArgumentException("image_size must be positive, was %d".formatted(imageSize));
        }
        if (imageChecksum == null || imageChecksum.length() != 64 || !isHex(imageChecksum)) {
            throw new IllegalArgumentException(
                    "image_checksum must be 64 hex digits (SHA-256), was '%s'".formatted(imageChecksum));
        }
        imageChecksum = imageChecksum.toLowerCase(java.util.Locale.ROOT);
        Objects.requireNonNull(imageVersion, "imageVersion");
        Objects.requireNonNull(customizationMethod, "customizationMethod");
        transferForms = List.copyOf(Objects.requireNonNull(transferForms, "transferForms"));
        Objects.requireNonNull(deviceSecret, "deviceSecret");
        Objects.requireNonNull(assignedBy, "assignedBy");
        minCardSize = Math.max(minCardSize, imageSize);
        Objects.requireNonNull(profile, "profile");
        // It goes into the first-boot script inside shell single quotes and JSON: base64url only.
        if (deviceSecret.isPresent() && !deviceSecret.get().matches("[A-Za-z0-9_-]{16,128}")) {
            throw new IllegalArgumentException("device_secret must be 16 to 128 base64url characters, got %d characters"
                    .formatted(deviceSecret.get().length()));
        }
    }

    /** The same config carrying the device secret. */
    public DeploymentConfig withDeviceSecret(String secret) {
        return new DeploymentConfig(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                Optional.of(secret),
                assignedBy,
                minCardSize,
                profile);
    }

    /** The same config with the rule that assigned it. */
    public DeploymentConfig withAssignedBy(AssignedBy rule) {
        return new DeploymentConfig(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                deviceSecret,
                Optional.of(rule),
                minCardSize,
                profile);
    }

    /** The same config with the device profile the server sent. */
    public DeploymentConfig withProfile(DeviceProfile p) {
        return new DeploymentConfig(
                deploymentId,
                hostname,
                productType,
                venueCode,
                imageUrl,
                imageSize,
                imageChecksum,
                imageVersion,
                customizationMethod,
                transferForms,
                deviceSecret,
                assignedBy,
                minCardSize,
                p);
    }

    @Override
    public String toString() {
        return "DeploymentConfig[deployment %s, %s, image %s %s, %s%s]"
                .formatted(
                        deploymentId,
                        hostname,
                        imageVersion,
                        imageUrl,
                        customizationMethod,
                        deviceSecret.isPresent() ? ", with device secret" : "");
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(HexFormat::isHexDigit);
    }
}
