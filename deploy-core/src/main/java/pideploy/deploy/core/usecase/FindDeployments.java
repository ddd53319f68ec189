package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentPage;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.port.FleetStore;

/** Deployment queries for operators: filtered pages, and one deployment with its history. */
public final class FindDeployments {
    private final FleetStore store;

    public FindDeployments(FleetStore store) {
        this.store = store;
    }

    /** Deployments matching the filter, newest first, one page and the total. */
    public DeploymentPage find(DeploymentFilter filter) {
        return store.read(tx -> tx.deployments().find(filter));
    }

    /** One deployment and its event history (oldest first), if it exists. */
    public Optional<DeploymentHistory> history(DeploymentId id) {
        return store.read(tx -> tx.deployments().find(id)
                .map(d -> new DeploymentHistory(d, tx.deployments().history(id))));
    }
}
