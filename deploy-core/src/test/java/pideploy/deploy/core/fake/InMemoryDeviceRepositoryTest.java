package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.DeviceRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryDeviceRepositoryTest extends DeviceRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
