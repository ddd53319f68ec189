package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.BatchRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryBatchRepositoryTest extends BatchRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
