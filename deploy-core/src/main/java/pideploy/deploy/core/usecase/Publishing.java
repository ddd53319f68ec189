package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.port.EventPublisher;

/** Publishes after commit; a failing subscriber must never turn a committed answer into an error for the device. */
final class Publishing {
    private static final System.Logger LOG = System.getLogger(Publishing.class.getName());

    private Publishing() {}

    static void publish(EventPublisher events, DeploymentChange change) {
        try {
            events.publish(change);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "publishing {0} event of {1} failed: {2}",
                    change.event().type().wireName(),
                    change.deployment().describe(),
                    e.toString());
        }
    }
}
