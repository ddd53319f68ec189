package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ReportRepositoryContract;

class InMemoryReportRepositoryTest extends ReportRepositoryContract {
    @Override
    protected FleetStore newStore() {
        return new InMemoryFleetStore();
    }
}
