package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.ServerRegistryContract;

class SqliteServerRegistryTest extends ServerRegistryContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected ServerRegistry newRegistry() {
        stores = new SqliteStores(dir);
        return stores.open().servers();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }
}
