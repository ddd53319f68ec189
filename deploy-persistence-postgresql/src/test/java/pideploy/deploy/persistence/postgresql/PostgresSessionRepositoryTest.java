package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.SessionRepositoryContract;

class PostgresSessionRepositoryTest extends SessionRepositoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected SessionRepository newRepository() {
        stores = new PostgresStores(POSTGRES);
        return stores.open().sessions();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }
}
