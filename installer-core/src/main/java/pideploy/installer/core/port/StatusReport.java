package pideploy.installer.core.port;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code POST /api/status}. {@code step} and {@code errorMessage} are present on {@code failed};
 * {@code writeRate} (bytes per second) once writing has started; {@code card} when the target is an SD card;
 * {@code deviceSecret} the config answer's secret, when it carried one (ADR-0042).
 */
public record StatusReport(
        String deploymentId,
        DeploymentStatus status,
        long bytesDone,
        long bytesTotal,
        String message,
        Optional<String> errorMessage,
        Optional<Step> step,
        String hostname,
        DeviceFacts device,
        Optional<CardIdentity> card,
        OptionalDouble writeRate,
        Optional<String> deviceSecret) {
    /** A report without a device secret. */
    public StatusReport(
            String deploymentId,
            DeploymentStatus status,
            long bytesDone,
            long bytesTotal,
            String message,
            Optional<String> errorMessage,
            Optional<Step> step,
            String hostname,
            DeviceFacts device,
            Optional<CardIdentity> card,
            OptionalDouble writeRate) {
        this(
                deploymentId,
                status,
                bytesDone,
                bytesTotal,
                message,
                errorMessage,
                step,
                hostname,
                device,
                card,
                writeRate,
                Optional.empty());
    }

    public StatusReport {
        Objects.requireNonNull(deviceSecret, "deviceSecret");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(writeRate, "writeRate");
        if (bytesDone < 0 || bytesTotal < 0) {
            throw new IllegalArgumentException(
                    "bytes_done and bytes_total must not be negative, were %d and %d".formatted(bytesDone, bytesTotal));
        }
    }

    @Override
    public String toString() {
        return "StatusReport[deployment %s %s %d/%d %s%s]"
                .formatted(
                        deploymentId,
                        status,
                        bytesDone,
                        bytesTotal,
                        hostname,
                        deviceSecret.isPresent() ? ", with device secret" : "");
    }
}
