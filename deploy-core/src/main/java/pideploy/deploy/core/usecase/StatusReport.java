package pideploy.deploy.core.usecase;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.DeviceSecret;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;

/**
 * A device's {@code POST /api/status}. Without {@code deploymentId} the latest deployment of the serial, else of
 * the hostname, else of the MAC address is meant.
 *
 * @param deploymentId deployment_id, if sent
 * @param status       the new status
 * @param bytesDone    bytes_done, if sent (not negative)
 * @param bytesTotal   bytes_total, if sent (not negative)
 * @param message      message, may be empty
 * @param errorMessage error_message, may be empty
 * @param hostname     hostname, if sent
 * @param serial       serial, if sent
 * @param mac          mac_address, if sent
 * @param step         the failed step (with {@code failed})
 * @param card         card_cid, card_name, card_manfid, if any was sent
 * @param writeRate    write_rate in bytes/s, if sent (not negative)
 * @param secret       device_secret, if sent: required by a deployment whose config answer carried one (ADR-0042)
 * @param boot         with {@code booted} from a protocol 4 device: what took effect (ADR-0094)
 */
public record StatusReport(
        Optional<DeploymentId> deploymentId,
        DeploymentStatus status,
        OptionalLong bytesDone,
        OptionalLong bytesTotal,
        String message,
        String errorMessage,
        Optional<Hostname> hostname,
        Optional<SerialNumber> serial,
        Optional<MacAddress> mac,
        Optional<FailureStep> step,
        Optional<CardIdentity> card,
        OptionalDouble writeRate,
        Optional<DeviceSecret> secret,
        Optional<pideploy.deploy.core.profile.BootReport> boot) {
    /** A report without what took effect at boot. */
    public StatusReport(
            Optional<DeploymentId> deploymentId,
            DeploymentStatus status,
            OptionalLong bytesDone,
            OptionalLong bytesTotal,
            String message,
            String errorMessage,
            Optional<Hostname> hostname,
            Optional<SerialNumber> serial,
            Optional<MacAddress> mac,
            Optional<FailureStep> step,
            Optional<CardIdentity> card,
            OptionalDouble writeRate,
            Optional<DeviceSecret> secret) {
        this(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                hostname,
                serial,
                mac,
                step,
                card,
                writeRate,
                secret,
                Optional.empty());
    }

    /** A report without a device secret, as legacy clients send it. */
    public StatusReport(
            Optional<DeploymentId> deploymentId,
            DeploymentStatus status,
            OptionalLong bytesDone,
            OptionalLong bytesTotal,
            String message,
            String errorMessage,
            Optional<Hostname> hostname,
            Optional<SerialNumber> serial,
            Optional<MacAddress> mac,
            Optional<FailureStep> step,
            Optional<CardIdentity> card,
            OptionalDouble writeRate) {
        this(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                hostname,
                serial,
                mac,
                step,
                card,
                writeRate,
                Optional.empty());
    }

    public StatusReport {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(bytesDone, "bytesDone");
        Objects.requireNonNull(bytesTotal, "bytesTotal");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(writeRate, "writeRate");
        message = limit("message", message);
        errorMessage = limit("error_message", errorMessage);
        if (bytesDone.orElse(0) < 0) {
            throw new IllegalArgumentException("bytes_done must not be negative, got " + bytesDone.getAsLong());
        }
        if (bytesTotal.orElse(0) < 0) {
            throw new IllegalArgumentException("bytes_total must not be negative, got " + bytesTotal.getAsLong());
        }
        if (writeRate.isPresent() && (writeRate.getAsDouble() < 0 || !Double.isFinite(writeRate.getAsDouble()))) {
            throw new IllegalArgumentException(
                    "write_rate must be a non-negative number, got " + writeRate.getAsDouble());
        }
    }

    private static String limit(String field, String text) {
        String t = text == null ? "" : text;
        if (t.length() > 2000) {
            throw new IllegalArgumentException(
                    "%s must be at most 2000 characters, got %d".formatted(field, t.length()));
        }
        return t;
    }

    /** A minimal report: just this status for this deployment. */
    public static StatusReport of(DeploymentId id, DeploymentStatus status) {
        return new StatusReport(
                Optional.of(id),
                status,
                OptionalLong.empty(),
                OptionalLong.empty(),
                "",
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalDouble.empty(),
                Optional.empty());
    }

    public StatusReport withBytes(long done, long total) {
        return new StatusReport(
                deploymentId,
                status,
                OptionalLong.of(done),
                OptionalLong.of(total),
                message,
                errorMessage,
                hostname,
                serial,
                mac,
                step,
                card,
                writeRate,
                secret);
    }

    public StatusReport withFailure(FailureStep failedStep, String error) {
        return new StatusReport(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                error,
                hostname,
                serial,
                mac,
                Optional.of(failedStep),
                card,
                writeRate,
                secret);
    }

    /** The same report addressed by serial instead of id. */
    public StatusReport bySerial(SerialNumber s) {
        return new StatusReport(
                Optional.empty(),
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                hostname,
                Optional.of(s),
                mac,
                step,
                card,
                writeRate,
                secret);
    }

    /** The same report addressed by hostname instead of id. */
    public StatusReport byHostname(Hostname h) {
        return new StatusReport(
                Optional.empty(),
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                Optional.of(h),
                serial,
                mac,
                step,
                card,
                writeRate,
                secret);
    }

    public StatusReport withCard(CardIdentity c, double bytesPerSecond) {
        return new StatusReport(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                hostname,
                serial,
                mac,
                step,
                Optional.of(c),
                OptionalDouble.of(bytesPerSecond),
                secret);
    }

    /** The same report carrying the device secret. */
    public StatusReport withSecret(DeviceSecret s) {
        return new StatusReport(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                hostname,
                serial,
                mac,
                step,
                card,
                writeRate,
                Optional.of(s));
    }

    /** The same report naming the hostname the device has. */
    public StatusReport withHostname(Hostname h) {
        return new StatusReport(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                Optional.of(h),
                serial,
                mac,
                step,
                card,
                writeRate,
                secret);
    }

    public StatusReport withMessage(String text) {
        return new StatusReport(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                text,
                errorMessage,
                hostname,
                serial,
                mac,
                step,
                card,
                writeRate,
                secret);
    }
}
