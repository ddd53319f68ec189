package pideploy.deploy.server;

import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.transfer.port.TransferFormRepository;
import pideploy.deploy.persistence.postgresql.PostgresDatabase;
import pideploy.deploy.persistence.sqlite.SqliteDatabase;

/**
 * The ports of whichever persistence adapter the composition root opened (ADR-0060). Kept here, not in the core or
 * the adapters: the adapters do not know each other, and the core's ports stay as they are.
 */
public interface FleetDatabase extends AutoCloseable {
    FleetStore fleetStore();

    UserRepository users();

    AuditLog auditLog();

    SessionRepository sessions();

    ApiTokenRepository apiTokens();

    TransferFormRepository transferForms();

    /** For messages and logs: the file or the URL (never a password). */
    String where();

    @Override
    void close();

    static FleetDatabase of(SqliteDatabase db) {
        return new FleetDatabase() {
            public FleetStore fleetStore() {
                return db.fleetStore();
            }

            public UserRepository users() {
                return db.users();
            }

            public AuditLog auditLog() {
                return db.auditLog();
            }

            public SessionRepository sessions() {
                return db.sessions();
            }

            public ApiTokenRepository apiTokens() {
                return db.apiTokens();
            }

            public TransferFormRepository transferForms() {
                return db.transferForms();
            }

            public String where() {
                return db.settings().databaseFile().toString();
            }

            public void close() {
                db.close();
            }
        };
    }

    static FleetDatabase of(PostgresDatabase db) {
        return new FleetDatabase() {
            public FleetStore fleetStore() {
                return db.fleetStore();
            }

            public UserRepository users() {
                return db.users();
            }

            public AuditLog auditLog() {
                return db.auditLog();
            }

            public SessionRepository sessions() {
                return db.sessions();
            }

            public ApiTokenRepository apiTokens() {
                return db.apiTokens();
            }

            public TransferFormRepository transferForms() {
                return db.transferForms();
            }

            public String where() {
                return db.settings().where();
            }

            public void close() {
                db.close();
            }
        };
    }
}
