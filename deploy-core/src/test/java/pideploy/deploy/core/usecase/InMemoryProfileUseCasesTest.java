package pideploy.deploy.core.usecase;

import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.port.FleetStore;

class InMemoryProfileUseCasesTest extends ProfileUseCasesContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
