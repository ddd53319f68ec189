package pideploy.deploy.persistence.postgresql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.AuditLogContract;

class PostgresAuditLogTest extends AuditLogContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private PostgresStores stores;

    @Override
    protected AuditLog newLog() {
        stores = new PostgresStores(POSTGRES);
        return stores.open().auditLog();
    }

    @AfterEach
    void close() {
        stores.close();
    }
}
