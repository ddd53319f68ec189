package pideploy.deploy.core.deployment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.venue.VenueCode;

/**
 * What a config request records before the store gives the deployment its id. See {@link Deployment}; {@code proof}
 * is {@link DeviceProof#LEGACY} for a client that announced no protocol; {@code answeredBy} the server that answers
 * (ADR-0098).
 */
public record NewDeployment(
        Optional<SerialNumber> serial,
        Optional<MacAddress> mac,
        String clientIp,
        Hostname hostname,
        ProductCode product,
        VenueCode venue,
        ImageVersion imageVersion,
        Optional<BatchId> batch,
        long bytesTotal,
        Instant startedAt,
        DeviceProof proof,
        Optional<ServerName> answeredBy) {
    public NewDeployment {
        Objects.requireNonNull(answeredBy, "answeredBy");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(imageVersion, "imageVersion");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(startedAt, "startedAt");
        clientIp = clientIp == null ? "" : clientIp;
    }

    /** Without an answering server's name. */
    public NewDeployment(
            Optional<SerialNumber> serial,
            Optional<MacAddress> mac,
            String clientIp,
            Hostname hostname,
            ProductCode product,
            VenueCode venue,
            ImageVersion imageVersion,
            Optional<BatchId> batch,
            long bytesTotal,
            Instant startedAt,
            DeviceProof proof) {
        this(
                serial,
                mac,
                clientIp,
                hostname,
                product,
                venue,
                imageVersion,
                batch,
                bytesTotal,
                startedAt,
                proof,
                Optional.empty());
    }
}
