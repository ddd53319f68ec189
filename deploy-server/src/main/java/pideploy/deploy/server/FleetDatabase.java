package pideploy.deploy.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.FleetIntegrity;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.StorageException;
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

    /** The integrity check and fleet invariants ({@code pideploy db verify}, ADR-0087). */
    FleetIntegrity integrity();

    /**
     * Writes a consistent copy of the database to {@code file} (which must not exist) while it is in use; SQLite only
     * (ADR-0087).
     *
     * @throws StorageException on PostgreSQL (the message says to use pg_dump) or when the copy cannot be written
     */
    void backupTo(Path file);

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

    /** What {@code pideploy backup} and {@code restore} say on PostgreSQL: its own tools do it properly. */
    String PG_BACKUP = "the fleet database is PostgreSQL: back it up with its own tools, e.g. pg_dump --format=custom "
            + "--file=pideploy.dump <database> (restore with pg_restore), and copy the data directory's images/ with "
            + "rsync -a; pideploy backup and restore handle the embedded SQLite database only (docs/operations.md)";

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

            public FleetIntegrity integrity() {
                return db.integrity();
            }

            public void backupTo(Path file) {
                db.backupTo(file);
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

            public FleetIntegrity integrity() {
                return db.integrity();
            }

            public void backupTo(Path file) {
                throw new StorageException(PG_BACKUP);
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
