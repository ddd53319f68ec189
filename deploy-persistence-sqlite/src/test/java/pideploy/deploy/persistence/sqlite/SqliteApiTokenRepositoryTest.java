package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.ApiTokenRepositoryContract;

class SqliteApiTokenRepositoryTest extends ApiTokenRepositoryContract {
    @TempDir
    Path dir;
    private SqliteStores stores;

    @Override
    protected ApiTokenRepository newRepository() {
        stores = new SqliteStores(dir);
        return stores.open().apiTokens();
    }

    @AfterEach
    void close() {
        stores.close();
    }
}
