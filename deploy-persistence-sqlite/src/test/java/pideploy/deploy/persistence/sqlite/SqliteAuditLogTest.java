package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.AuditLogContract;

class SqliteAuditLogTest extends AuditLogContract {
    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected AuditLog newLog() {
        stores = new SqliteStores(dir);
        return stores.open().auditLog();
    }

    @AfterEach
    void close() {
        stores.close();
    }
}
