package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.VenueRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class InMemoryVenueRepositoryTest extends VenueRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
