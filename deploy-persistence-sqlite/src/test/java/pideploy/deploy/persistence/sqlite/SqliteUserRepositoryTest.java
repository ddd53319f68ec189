package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.port.UserRepositoryContract;

class SqliteUserRepositoryTest extends UserRepositoryContract {
    @TempDir
    Path dir;
    private SqliteStores stores;

    @Override
    protected UserRepository newRepository() {
        stores = new SqliteStores(dir);
        return stores.open().users();
    }

    @AfterEach
    void close() {
        stores.close();
    }
}
