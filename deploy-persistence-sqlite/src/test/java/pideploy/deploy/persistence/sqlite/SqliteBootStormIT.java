package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.usecase.BootStormContract;

/** 64 threads, 1,000 devices, twice each, on a real SQLite file (WAL, BEGIN IMMEDIATE). */
class SqliteBootStormIT extends BootStormContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected FleetStore newStore() {
        stores = new SqliteStores(dir);
        return stores.fleetStore();
    }

    @Override
    protected void closeStore() {
        stores.close();
    }
}
