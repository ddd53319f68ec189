package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.ImageRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryImageRepositoryTest extends ImageRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
