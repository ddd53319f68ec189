package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.HookRepositoryContract;

/** The core's {@code HookRepositoryContract} on a fresh PostgreSQL database (the same suite the SQLite adapter passes). */
class PostgresHookRepositoryTest extends HookRepositoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected FleetStore newStore() {
        if (stores == null) {
            stores = new PostgresStores(POSTGRES);
        }
        return stores.fleetStore();
    }

    @Override
    protected void closeStore() {
        stores.close();
    }
}
