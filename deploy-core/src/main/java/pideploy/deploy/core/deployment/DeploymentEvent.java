package pideploy.deploy.core.deployment;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a deployment's history.
 *
 * @param sequence     store-assigned, increasing across all deployments (SSE ids can use it)
 * @param deploymentId the deployment
 * @param at           when it happened
 * @param type         created, status change or progress
 * @param status       the status after the event
 * @param bytesDone    bytes written at that time
 * @param bytesTotal   bytes to write
 * @param message      message or error text, may be empty
 */
public record DeploymentEvent(
        long sequence,
        DeploymentId deploymentId,
        Instant at,
        EventType type,
        DeploymentStatus status,
        long bytesDone,
        long bytesTotal,
        String message) {
    public DeploymentEvent {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }
}
