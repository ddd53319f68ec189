package pideploy.deploy.persistence.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.core.port.FleetIntegrity;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.profile.SecretSeal;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * Opens a PiDeploy SQLite database file: builds the connection pool (foreign keys on, WAL journal, busy timeout,
 * synchronous NORMAL; no exclusive locking, so the admin command line can use the same file while the server runs),
 * applies the Flyway migrations, and hands out the ports.
 *
 * <p>WAL checkpoints (copying the log back into the database file, with an fsync) are done by a background thread
 * once a second instead of by whichever request's commit crosses SQLite's default 1000-page threshold: measured, that
 * threshold put an fsync on roughly every hundredth assignment and cut throughput by a factor of 3-5 (ADR 0008). The
 * connections' own auto-checkpoint stays on at a higher threshold as a safety net should the thread fall behind.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());
    private final SqliteSettings settings;
    private final HikariDataSource dataSource;
    private final SqliteFleetStore fleetStore;
    private final SqliteUserRepository users;
    private final SqliteAuditLog auditLog;
    private final SqliteSessionRepository sessions;
    private final SqliteApiTokenRepository apiTokens;
    private final ScheduledExecutorService checkpointer;

    private SqliteDatabase(SqliteSettings settings, HikariDataSource dataSource, SecretSeal seal) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.fleetStore = new SqliteFleetStore(dataSource, seal);
        this.users = new SqliteUserRepository(dataSource);
        this.auditLog = new SqliteAuditLog(dataSource);
        this.sessions = new SqliteSessionRepository(dataSource);
        this.apiTokens = new SqliteApiTokenRepository(dataSource);
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pideploy-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        checkpointer.scheduleWithFixedDelay(
                () -> checkpoint("PASSIVE"), CHECKPOINT_SECONDS, CHECKPOINT_SECONDS, TimeUnit.SECONDS);
    }

    /** Seconds between background checkpoints. */
    static final int CHECKPOINT_SECONDS = 1;
    /** Pages after which a commit checkpoints by itself: only when the background thread falls far behind. */
    static final int AUTO_CHECKPOINT_PAGES = 10_000;

    private void checkpoint(String mode) {
        try (Connection c = dataSource.getConnection()) {
            Sql.list(c, "PRAGMA wal_checkpoint(" + mode + ")", rs -> rs.getInt(1));
        } catch (SQLException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "WAL checkpoint of {0} failed (will retry): {1}",
                    settings.databaseFile(),
                    e.getMessage());
        }
    }

    /**
     * @throws CorruptStorageException if the file fails {@code PRAGMA quick_check} (the message names the file and the
     *                                 restore procedure)
     * @throws StorageException        if the file cannot be opened or migrated
     */
    public static SqliteDatabase open(SqliteSettings settings) {
        return open(
                settings,
                SecretSeal.withoutKey("database %s was opened without the data directory's secrets.key, so profile "
                                .formatted(settings.databaseFile())
                        + "secrets can be neither stored nor read here: use the server or a pideploy command"));
    }

    /**
     * Opens the database with {@code seal} for profile secrets (ADR-0093) and seals any stored before it in clear.
     *
     * @throws CorruptStorageException if the file fails {@code PRAGMA quick_check}
     * @throws StorageException        if the file cannot be opened or migrated
     */
    public static SqliteDatabase open(SqliteSettings settings, SecretSeal seal) {
        Path file = settings.databaseFile().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StorageException("cannot create the directory of database " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.setWalAutocheckpoint(AUTO_CHECKPOINT_PAGES);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("pideploy-sqlite");
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(Math.max(30_000, settings.busyTimeout().toMillis() * 3));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw corruption(file, e)
                    .orElseGet(() -> new StorageException("cannot open database " + file + ": " + e.getMessage(), e));
        }
        try {
            checkIntegrity(pool, file);
            migrate(pool, file);
        } catch (RuntimeException e) {
            pool.close();
            throw corruption(file, e)
                    .orElseGet(() -> e instanceof StorageException se
                            ? se
                            : new StorageException("cannot migrate database " + file + ": " + e.getMessage(), e));
        }
        SqliteDatabase db = new SqliteDatabase(settings, pool, seal);
        if (seal.hasKey()) {
            int sealed = db.fleetStore.write(
                    tx -> new SqliteProfileRepository(((SqliteTransaction) tx).c(), seal).sealPlainSecrets());
            if (sealed > 0) {
                LOG.log(Level.INFO, "sealed the secrets of {0} profile layers stored in clear in {1}", sealed, file);
            }
        }
        return db;
    }

    /**
     * {@code PRAGMA quick_check}: every page of every table and index read once, in seconds for a fleet's database.
     * Without it a damaged page is found by the first write that touches it, and every such write answers "busy"
     * or "error" while {@code /health} says UP.
     */
    private static void checkIntegrity(DataSource dataSource, Path file) {
        List<String> problems;
        try (Connection c = dataSource.getConnection()) {
            problems = Sql.list(c, "PRAGMA quick_check(5)", rs -> rs.getString(1));
        } catch (SQLException e) {
            throw Sql.translate(e, "PRAGMA quick_check");
        }
        if (!problems.equals(List.of("ok"))) {
            throw new CorruptStorageException(corruptMessage(file, String.join("; ", problems)));
        }
    }

    private static java.util.Optional<StorageException> corruption(Path file, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CorruptStorageException c) {
                return java.util.Optional.of(
                        c.getMessage().contains(file.toString())
                                ? c
                                : new CorruptStorageException(corruptMessage(file, c.getMessage()), c));
            }
            if (t instanceof SQLiteException se && Sql.isCorruption(se.getResultCode())) {
                return java.util.Optional.of(new CorruptStorageException(corruptMessage(file, se.getMessage()), se));
            }
        }
        return java.util.Optional.empty();
    }

    private static String corruptMessage(Path file, String detail) {
        return ("database %s failed its integrity check (%s). PiDeploy will not run on a damaged database. Stop "
                        + "everything using it, move the damaged file aside (with its -wal and -shm files), put the latest "
                        + "backup in its place and start again, as docs/operations.md \"Back up the data directory\" says "
                        + "(without a backup: sqlite3 %s \".recover\" | sqlite3 recovered.db salvages what it can)")
                .formatted(file, detail, file);
    }

    private static void migrate(DataSource dataSource, Path file) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        LOG.log(
                Level.INFO,
                "database {0} at schema version {1} ({2} migrations applied now)",
                file,
                result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                result.migrationsExecuted);
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

    /** Operator browser sessions (ADR-0030); each call its own transaction. */
    public SessionRepository sessions() {
        return sessions;
    }

    /** Operators' API tokens for scripts (ADR-0031); each call its own transaction. */
    public ApiTokenRepository apiTokens() {
        return apiTokens;
    }

    /** The fleet's servers and their heartbeats (ADR-0098); each call its own transaction. */
    public ServerRegistry servers() {
        return new SqliteServerRegistry(dataSource);
    }

    /** Transfer-form preparation state (ADR-0025); each call its own transaction. */
    public TransferFormRepository transferForms() {
        return new SqliteTransferFormRepository(dataSource);
    }

    /** The integrity check and fleet invariants ({@code pideploy db verify}, ADR-0087); safe while the server runs. */
    public FleetIntegrity integrity() {
        return new SqliteFleetIntegrity(dataSource);
    }

    /**
     * Writes a consistent copy of the whole database to {@code target} while the server keeps writing
     * ({@code VACUUM INTO}: one read transaction, so the copy is the database as of one commit, WAL included; the copy
     * is compact and has no WAL of its own). ADR-0087.
     *
     * @throws StorageException if {@code target} exists already or cannot be written (the message names it)
     */
    public void backupTo(Path target) {
        Path file = target.toAbsolutePath();
        if (Files.exists(file)) {
            throw new StorageException("backup target " + file + " exists already; name a new file");
        }
        try (Connection c = dataSource.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, file.toString());
            ps.execute();
        } catch (SQLException e) {
            throw Sql.translate(e, "backup of " + settings.databaseFile() + " to " + file);
        }
        LOG.log(Level.INFO, "database {0} backed up to {1}", settings.databaseFile(), file);
    }

    public SqliteSettings settings() {
        return settings;
    }

    /** For adapter tests and diagnostics only. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Stops the checkpoint thread, folds the WAL back into the database file and closes the pool. */
    @Override
    public void close() {
        checkpointer.shutdownNow();
        try {
            checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
        dataSource.close();
    }
}
