package pideploy.deploy.core.deployment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.venue.VenueCode;

/**
 * One deployment attempt by one device: created by a config request, advanced by status reports.
 *
 * @param id           store-assigned id
 * @param serial       device serial, if sent
 * @param mac          device MAC, if sent
 * @param clientIp     address the config request came from (text; may be empty)
 * @param hostname     hostname handed out
 * @param product      product
 * @param venue        venue
 * @param imageVersion version of the image handed out
 * @param batch        the batch that decided venue and product, if one did
 * @param status       current status
 * @param bytesDone    bytes written so far
 * @param bytesTotal   bytes to write (0 when unknown)
 * @param startedAt    when the config request created it
 * @param updatedAt    last change
 * @param finishedAt   when it reached success or failed
 * @param bootedAt     when the device phoned home after booting
 * @param message      last progress message, may be empty
 * @param errorMessage failure reason, may be empty
 * @param failureStep  the installer step that failed
 * @param card         the SD card written, when reported
 * @param writeRate    bytes per second, when reported
 * @param proof        whether its reports must carry a device secret, and how many were refused (ADR-0042)
 * @param answeredBy   the server that answered its config request (ADR-0098); empty for deployments recorded before
 *                     servers had names
 */
public record Deployment(
        DeploymentId id,
        Optional<SerialNumber> serial,
        Optional<MacAddress> mac,
        String clientIp,
        Hostname hostname,
        ProductCode product,
        VenueCode venue,
        ImageVersion imageVersion,
        Optional<BatchId> batch,
        DeploymentStatus status,
        long bytesDone,
        long bytesTotal,
        Instant startedAt,
        Instant updatedAt,
        Optional<Instant> finishedAt,
        Optional<Instant> bootedAt,
        String message,
        String errorMessage,
        Optional<FailureStep> failureStep,
        Optional<CardIdentity> card,
        OptionalDouble writeRate,
        DeviceProof proof,
        Optional<ServerName> answeredBy) {
    public Deployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(imageVersion, "imageVersion");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(bootedAt, "bootedAt");
        Objects.requireNonNull(failureStep, "failureStep");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(writeRate, "writeRate");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(answeredBy, "answeredBy");
        clientIp = clientIp == null ? "" : clientIp;
        message = message == null ? "" : message;
        errorMessage = errorMessage == null ? "" : errorMessage;
        if (bytesDone < 0 || bytesTotal < 0) {
            throw new IllegalArgumentException(
                    "deployment %s: bytes_done and bytes_total must not be negative, got %d/%d"
                            .formatted(id, bytesDone, bytesTotal));
        }
    }

    /** Without the answering server (a deployment recorded before servers had names). */
    public Deployment(
            DeploymentId id,
            Optional<SerialNumber> serial,
            Optional<MacAddress> mac,
            String clientIp,
            Hostname hostname,
            ProductCode product,
            VenueCode venue,
            ImageVersion imageVersion,
            Optional<BatchId> batch,
            DeploymentStatus status,
            long bytesDone,
            long bytesTotal,
            Instant startedAt,
            Instant updatedAt,
            Optional<Instant> finishedAt,
            Optional<Instant> bootedAt,
            String message,
            String errorMessage,
            Optional<FailureStep> failureStep,
            Optional<CardIdentity> card,
            OptionalDouble writeRate,
            DeviceProof proof) {
        this(
                id,
                serial,
                mac,
                clientIp,
                hostname,
                product,
                venue,
                imageVersion,
                batch,
                status,
                bytesDone,
                bytesTotal,
                startedAt,
                updatedAt,
                finishedAt,
                bootedAt,
                message,
                errorMessage,
                failureStep,
                card,
                writeRate,
                proof,
                Optional.empty());
    }

    /** A fresh attempt as a config request creates it: status {@code started}, nothing written. */
    public static Deployment started(DeploymentId id, NewDeployment d) {
        return new Deployment(
                id,
                d.serial(),
                d.mac(),
                d.clientIp(),
                d.hostname(),
                d.product(),
                d.venue(),
                d.imageVersion(),
                d.batch(),
                DeploymentStatus.STARTED,
                0,
                d.bytesTotal(),
                d.startedAt(),
                d.startedAt(),
                Optional.empty(),
                Optional.empty(),
                "",
                "",
                Optional.empty(),
                Optional.empty(),
                OptionalDouble.empty(),
                d.proof(),
                d.answeredBy());
    }

    /** The same deployment with another proof record (one more refused report). */
    public Deployment withProof(DeviceProof newProof) {
        return new Deployment(
                id,
                serial,
                mac,
                clientIp,
                hostname,
                product,
                venue,
                imageVersion,
                batch,
                status,
                bytesDone,
                bytesTotal,
                startedAt,
                updatedAt,
                finishedAt,
                bootedAt,
                message,
                errorMessage,
                failureStep,
                card,
                writeRate,
                newProof,
                answeredBy);
    }

    /** The identity part that may be used as a reference in logs. */
    public String describe() {
        return "deployment %s (%s, %s)"
                .formatted(
                        id,
                        hostname,
                        serial.map(s -> "serial=" + s)
                                .orElseGet(() -> mac.map(m -> "mac=" + m).orElse("no identity")));
    }
}
