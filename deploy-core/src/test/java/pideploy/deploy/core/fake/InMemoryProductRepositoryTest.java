package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ProductRepositoryContract;

class InMemoryProductRepositoryTest extends ProductRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
