package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.usecase.BootStormContract;

/** 64 threads, 1,000 devices, twice each, on a real PostgreSQL database (advisory write lock, ADR-0059). */
class PostgresBootStormIT extends BootStormContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected FleetStore newStore() {
        stores = new PostgresStores(POSTGRES);
        return stores.fleetStore();
    }

    @Override
    protected void closeStore() {
        stores.close();
    }
}
