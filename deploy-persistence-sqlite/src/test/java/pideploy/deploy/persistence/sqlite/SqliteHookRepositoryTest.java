package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.HookRepositoryContract;

class SqliteHookRepositoryTest extends HookRepositoryContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected FleetStore newStore() {
        if (stores == null) {
            stores = new SqliteStores(dir);
        }
        return stores.fleetStore();
    }

    @Override
    protected void closeStore() {
        stores.close();
    }
}
