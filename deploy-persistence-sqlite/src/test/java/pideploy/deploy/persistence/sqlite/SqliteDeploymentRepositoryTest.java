package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.DeploymentRepositoryContract;
import pideploy.deploy.core.port.FleetStore;

class SqliteDeploymentRepositoryTest extends DeploymentRepositoryContract {
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
