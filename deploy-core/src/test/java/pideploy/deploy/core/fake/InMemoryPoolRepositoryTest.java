package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.PoolRepositoryContract;

class InMemoryPoolRepositoryTest extends PoolRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
