package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ImageRepositoryContract;

class InMemoryImageRepositoryTest extends ImageRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
