package pideploy.deploy.core.deployment;

import java.util.Objects;
import java.util.Optional;

/**
 * How a deployment's status reports are proven to come from its device (ADR-0042).
 *
 * @param secretSha256   hex SHA-256 of the secret its config answer carried; empty for a legacy deployment (the
 *                       client announced no protocol), whose reports are accepted unproven and shown as unverified
 * @param refusedReports status reports refused because they lacked the secret, carried a wrong one, or reported
 *                       {@code booted} with another hostname: spoofing attempts, shown to operators
 */
public record DeviceProof(Optional<String> secretSha256, long refusedReports) {
    /** A legacy deployment with nothing refused yet. */
    public static final DeviceProof LEGACY = new DeviceProof(Optional.empty(), 0);

    public DeviceProof {
        Objects.requireNonNull(secretSha256, "secretSha256");
        if (secretSha256.isPresent() && !secretSha256.get().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a device secret's hash is 64 lower-case hex digits");
        }
        if (refusedReports < 0) {
            throw new IllegalArgumentException("refused reports must not be negative, got " + refusedReports);
        }
    }

    /** A deployment whose config answer carried {@code secret}. */
    public static DeviceProof of(DeviceSecret secret) {
        return new DeviceProof(Optional.of(secret.sha256()), 0);
    }

    /** True when the deployment's reports must carry its secret; false for a legacy (unverified) deployment. */
    public boolean verified() {
        return secretSha256.isPresent();
    }

    /** The same proof with one more refused report. */
    public DeviceProof refusedOnce() {
        return new DeviceProof(secretSha256, refusedReports + 1);
    }
}
