package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.ServerRegistryContract;

class PostgresServerRegistryTest extends ServerRegistryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected ServerRegistry newRegistry() {
        stores = new PostgresStores(POSTGRES);
        return stores.open().servers();
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }
}
