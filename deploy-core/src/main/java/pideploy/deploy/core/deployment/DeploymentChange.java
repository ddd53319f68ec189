package pideploy.deploy.core.deployment;

import java.util.Objects;

/**
 * What the core publishes after every committed deployment change: the event and the deployment as it is now.
 *
 * @param deployment the deployment after the change
 * @param event      the history entry that was recorded
 */
public record DeploymentChange(Deployment deployment, DeploymentEvent event) {
    public DeploymentChange {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(event, "event");
    }
}
