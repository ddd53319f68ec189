package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.SessionRepositoryContract;

class SqliteSessionRepositoryTest extends SessionRepositoryContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected SessionRepository newRepository() {
        stores = new SqliteStores(dir);
        return stores.open().sessions();
    }

    @AfterEach
    void close() {
        stores.close();
    }
}
