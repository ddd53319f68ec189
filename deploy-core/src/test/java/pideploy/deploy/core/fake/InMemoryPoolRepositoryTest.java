package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.PoolRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryPoolRepositoryTest extends PoolRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
