package pideploy.deploy.persistence.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.FleetIntegrity;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.profile.SecretSeal;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * Opens a PiDeploy PostgreSQL database (ADR-0059): builds the connection pool, refuses a schema newer than this server,
 * applies the Flyway migrations of {@code db/postgresql} and hands out the ports. Several servers may open the same
 * database at once: Flyway takes its own lock while it migrates, and every fleet write takes the fleet's advisory lock.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PostgresDatabase.class.getName());
    /** Where this adapter's migrations live: not {@code db/migration}, which is the SQLite adapter's on one classpath. */
    static final String MIGRATIONS = "classpath:db/postgresql";

    private final PostgresSettings settings;
    private final HikariDataSource dataSource;
    private final PostgresFleetStore fleetStore;
    private final PostgresUserRepository users;
    private final PostgresAuditLog auditLog;
    private final PostgresSessionRepository sessions;
    private final PostgresApiTokenRepository apiTokens;
    private final PostgresTransferFormRepository transferForms;
    /** Names this process in the notifications its writes cause (ADR-0097); new at every open. */
    private final String origin = UUID.randomUUID().toString();

    private PostgresDatabase(PostgresSettings settings, HikariDataSource dataSource, SecretSeal seal) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.fleetStore = new PostgresFleetStore(dataSource, settings.lockTimeout(), origin, seal);
        this.users = new PostgresUserRepository(dataSource);
        this.auditLog = new PostgresAuditLog(dataSource);
        this.sessions = new PostgresSessionRepository(dataSource);
        this.apiTokens = new PostgresApiTokenRepository(dataSource);
        this.transferForms = new PostgresTransferFormRepository(dataSource);
    }

    /**
     * @throws StorageException if the database cannot be reached or logged into (the message names the URL, the user
     *                          and what to check), its schema is newer than this server's, or it cannot be migrated
     */
    public static PostgresDatabase open(PostgresSettings settings) {
        return open(
                settings,
                SecretSeal.withoutKey("database %s was opened without the data directory's secrets.key, so profile "
                                .formatted(settings.where())
                        + "secrets can be neither stored nor read here: use the server or a pideploy command"));
    }

    /**
     * Opens the database with {@code seal} for profile secrets (ADR-0093) and seals any stored before it in clear.
     * Every server on one database needs the same key.
     *
     * @throws StorageException as {@link #open(PostgresSettings)}
     */
    public static PostgresDatabase open(PostgresSettings settings, SecretSeal seal) {
        HikariConfig hikari = new HikariConfig();
        hikari.setDriverClassName("org.postgresql.Driver");
        hikari.setJdbcUrl(settings.jdbcUrl());
        settings.user().ifPresent(hikari::setUsername);
        settings.password().ifPresent(hikari::setPassword);
        hikari.setPoolName("pideploy-postgresql");
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(Math.max(30_000, settings.lockTimeout().toMillis() * 3));
        // Seen in pg_stat_activity, so a DBA can tell PiDeploy's connections from others'.
        hikari.addDataSourceProperty("ApplicationName", "pideploy");
        hikari.addDataSourceProperty("connectTimeout", "10");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw unreachable(settings, e);
        }
        try {
            migrate(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e instanceof StorageException se
                    ? se
                    : new StorageException("cannot migrate database " + settings.where() + ": " + e.getMessage(), e);
        }
        PostgresDatabase db = new PostgresDatabase(settings, pool, seal);
        if (seal.hasKey()) {
            int sealed = db.fleetStore.write(
                    tx -> new PostgresProfileRepository(((PostgresTransaction) tx).c(), seal).sealPlainSecrets());
            if (sealed > 0) {
                LOG.log(
                        Level.INFO,
                        "sealed the secrets of {0} profile layers stored in clear in {1}",
                        sealed,
                        settings.where());
            }
        }
        return db;
    }

    private static StorageException unreachable(PostgresSettings settings, RuntimeException e) {
        Optional<SQLException> sql = Optional.empty();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = Optional.of(s);
                break;
            }
        }
        String state = sql.map(SQLException::getSQLState).orElse("");
        String detail = sql.map(Throwable::getMessage).orElse(e.getMessage());
        String who = settings.user().orElse("(driver default user)");
        if ("28P01".equals(state) || "28000".equals(state)) {
            return new StorageException(
                    ("PostgreSQL at %s refused user %s: %s. Check the password "
                                    + "(PIDEPLOY_DATABASE_PASSWORD_FILE or PIDEPLOY_DATABASE_PASSWORD) and the server's pg_hba.conf")
                            .formatted(settings.where(), who, detail),
                    e);
        }
        if ("3D000".equals(state)) {
            return new StorageException(
                    ("database %s does not exist: %s. Create it (createdb, or CREATE DATABASE) "
                                    + "and give user %s the right to create tables in it")
                            .formatted(settings.where(), detail, who),
                    e);
        }
        return new StorageException(
                ("cannot reach the PostgreSQL database %s as user %s: %s. Check that PostgreSQL "
                                + "is running and accepts TCP connections from this host, and the URL (--database or "
                                + "PIDEPLOY_DATABASE)")
                        .formatted(settings.where(), who, detail),
                e);
    }

    private static void migrate(DataSource dataSource, PostgresSettings settings) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .load();
        refuseNewerSchema(flyway, settings);
        MigrateResult result = flyway.migrate();
        LOG.log(
                Level.INFO,
                "database {0} at schema version {1} ({2} migrations applied now)",
                settings.where(),
                result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * Flyway by default ignores applied migrations it does not know ("future" ones) and carries on; a server older
     * than its database would then write rows the newer schema does not expect. With several servers on one database
     * that is a real risk (one upgraded, one not), so it is refused with a message that says which to upgrade.
     */
    private static void refuseNewerSchema(Flyway flyway, PostgresSettings settings) {
        MigrationInfo[] all = flyway.info().all();
        List<MigrationInfo> future = Arrays.stream(all)
                .filter(m ->
                        m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .toList();
        if (!future.isEmpty()) {
            MigrationVersion known = Arrays.stream(all)
                    .filter(m -> m.getState().isResolved())
                    .map(MigrationInfo::getVersion)
                    .max(MigrationVersion::compareTo)
                    .orElse(MigrationVersion.EMPTY);
            throw new StorageException(("the schema of database %s is newer than this server: it has version %s, "
                            + "this server knows up to %s. Upgrade this server to the version the other servers of the "
                            + "fleet run (never downgrade a shared database)")
                    .formatted(settings.where(), future.getLast().getVersion(), known));
        }
    }

    public FleetStore fleetStore() {
        return fleetStore;
    }

    public UserRepository users() {
        return users;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    /** Operator browser sessions (ADR-0030); each call its own transaction, shared by every server of the fleet. */
    public SessionRepository sessions() {
        return sessions;
    }

    /** Operators' API tokens for scripts (ADR-0031); each call its own transaction. */
    public ApiTokenRepository apiTokens() {
        return apiTokens;
    }

    /** The fleet's servers and their heartbeats (ADR-0098); each call its own transaction. */
    public ServerRegistry servers() {
        return new PostgresServerRegistry(dataSource);
    }

    /** Transfer-form preparation state (ADR-0025); each call its own transaction. */
    public TransferFormRepository transferForms() {
        return transferForms;
    }

    /** The fleet invariants ({@code pideploy db verify}, ADR-0087); safe while servers run. */
    public FleetIntegrity integrity() {
        return new PostgresFleetIntegrity(dataSource);
    }

    /**
     * Starts listening for what other processes commit to this database (ADR-0097): the deployment events of other
     * servers and the admin command line, and the command line's other changes. Own writes are not reported. The
     * listener runs on one thread of its own, in commit order; close the returned handle to stop it.
     */
    public PostgresNotifications listen(PostgresNotifications.Listener listener) {
        return PostgresNotifications.start(settings, origin, listener);
    }

    public PostgresSettings settings() {
        return settings;
    }

    /** For adapter tests and diagnostics only. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool: open connections end, other servers on the database are unaffected. */
    @Override
    public void close() {
        dataSource.close();
    }
}
