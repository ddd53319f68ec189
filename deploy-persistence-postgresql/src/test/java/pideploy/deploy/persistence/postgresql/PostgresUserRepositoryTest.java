package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.port.UserRepositoryContract;

class PostgresUserRepositoryTest extends UserRepositoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected UserRepository newRepository() {
        stores = new PostgresStores(POSTGRES);
        return stores.open().users();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }
}
