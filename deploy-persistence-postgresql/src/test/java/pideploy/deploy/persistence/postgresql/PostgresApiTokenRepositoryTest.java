package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.ApiTokenRepositoryContract;

class PostgresApiTokenRepositoryTest extends ApiTokenRepositoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();
    private PostgresStores stores;

    @Override
    protected ApiTokenRepository newRepository() {
        stores = new PostgresStores(POSTGRES);
        return stores.open().apiTokens();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }
}
