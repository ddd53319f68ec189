package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.FleetIntegrity;
import pideploy.deploy.core.port.FleetIntegrityContract;
import pideploy.deploy.core.port.FleetStore;

class SqliteFleetIntegrityTest extends FleetIntegrityContract {
    @TempDir
    Path dir;

    private SqliteStores stores;
    private SqliteDatabase db;

    @Override
    protected FleetStore newStore() {
        if (stores == null) {
            stores = new SqliteStores(dir);
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
