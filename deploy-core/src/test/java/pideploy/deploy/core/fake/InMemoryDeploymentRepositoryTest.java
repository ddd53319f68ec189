package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.DeploymentRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryDeploymentRepositoryTest extends DeploymentRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
