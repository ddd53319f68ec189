package pideploy.deploy.core.fake;

import java.util.ArrayList;
import java.util.List;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.port.EventPublisher;

/** An {@link EventPublisher} that remembers what was published; thread-safe. */
public final class RecordingEventPublisher implements EventPublisher {
    private final List<DeploymentChange> changes = new ArrayList<>();

    @Override
    public synchronized void publish(DeploymentChange change) {
        changes.add(change);
    }

    public synchronized List<DeploymentChange> changes() {
        return List.copyOf(changes);
    }
}
