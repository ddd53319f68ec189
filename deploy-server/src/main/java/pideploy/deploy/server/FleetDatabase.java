package pideploy.deploy.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.transfer.port.TransferFormRepository;
import pideploy.deploy.http.helidon.device.DatabaseTail;
import pideploy.deploy.http.helidon.device.ForeignEvents;
import pideploy.deploy.http.helidon.device.LiveEvents;
import pideploy.deploy.persistence.postgresql.PostgresDatabase;
import pideploy.deploy.persistence.postgresql.PostgresNotifications;
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

    /** The fleet's servers and their heartbeats (ADR-0098). */
    ServerRegistry servers();

    /** For messages and logs: the file or the URL (never a password). */
    String where();

    /**
     * Starts bringing what other processes commit (a second server, the admin command line) to this server's live
     * stream: SQLite is read every {@code tailInterval} ({@link DatabaseTail}, ADR-0032); PostgreSQL announces each
     * commit ({@code LISTEN/NOTIFY}, ADR-0097). Close the handle to stop.
     */
    AutoCloseable startLiveFeed(LiveEvents live, Duration tailInterval);

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

            public ServerRegistry servers() {
                return db.servers();
            }

            public String where() {
                return db.settings().databaseFile().toString();
            }

            public AutoCloseable startLiveFeed(LiveEvents live, Duration tailInterval) {
                return DatabaseTail.start(db.fleetStore(), live, Optional.of(db.auditLog()), tailInterval);
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

            public ServerRegistry servers() {
                return db.servers();
            }

            public String where() {
                return db.settings().where();
            }

            public AutoCloseable startLiveFeed(LiveEvents live, Duration tailInterval) {
                ForeignEvents foreign = new ForeignEvents(db.fleetStore(), live);
                return db.listen(new PostgresNotifications.Listener() {
                    @Override
                    public void eventsCommitted(List<Long> sequences) {
                        foreign.eventsCommitted(sequences);
                    }

                    @Override
                    public void commandLineChanged(String what) {
                        foreign.commandLineChanged(what);
                    }

                    @Override
                    public void resumed() {
                        foreign.resumed();
                    }
                });
            }

            public void close() {
                db.close();
            }
        };
    }
}
