package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Objects;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;

/**
 * A deployment and everything that happened to it.
 *
 * @param deployment the deployment as it is now
 * @param events     its history, oldest first
 */
public record DeploymentHistory(Deployment deployment, List<DeploymentEvent> events) {
    public DeploymentHistory {
        Objects.requireNonNull(deployment, "deployment");
        events = List.copyOf(events);
    }
}
