package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.FleetIntegrity;
import pideploy.deploy.core.port.FleetIntegrityContract;
import pideploy.deploy.core.port.FleetStore;

/** The core's {@code FleetIntegrityContract} on a fresh PostgreSQL database (the same suite the SQLite adapter passes). */
class PostgresFleetIntegrityTest extends FleetIntegrityContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;
    private PostgresDatabase db;

    @Override
    protected FleetStore newStore() {
        if (stores == null) {
            stores = new PostgresStores(POSTGRES);
        }
        db = stores.open();
        return db.fleetStore();
    }

    @Override
    protected FleetIntegrity integrity() {
        return db.integrity();
    }

    @Override
    protected void closeStore() {
        stores.close();
    }
}
