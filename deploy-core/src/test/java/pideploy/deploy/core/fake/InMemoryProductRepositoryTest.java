package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.ProductRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryProductRepositoryTest extends ProductRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
