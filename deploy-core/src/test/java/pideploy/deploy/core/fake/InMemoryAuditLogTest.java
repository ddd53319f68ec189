package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.AuditLogContract;

class InMemoryAuditLogTest extends AuditLogContract {
    @Override
    protected AuditLog newLog() {
        return new InMemoryAuditLog();
    }
}
