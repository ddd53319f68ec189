package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetStoreContract;

class InMemoryFleetStoreTest extends FleetStoreContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
