package pideploy.deploy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.Notifier;
import pideploy.deploy.core.profile.SecretSeal;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.Operators;
import pideploy.deploy.http.helidon.auth.Pbkdf2PasswordHasher;
import pideploy.deploy.persistence.postgresql.PostgresDatabase;
import pideploy.deploy.persistence.sqlite.SqliteDatabase;
import pideploy.deploy.persistence.sqlite.SqliteSettings;
import pideploy.deploy.server.config.DatabaseChoice;
import pideploy.deploy.server.notify.BreakerNotices;
import pideploy.deploy.server.notify.NoticeRaisingPublisher;
import pideploy.deploy.storage.fs.DirectoryImageStore;
import pideploy.deploy.transfer.zstd.CompressedImageDecoder;

/**
 * One data directory opened: the database (the SQLite file {@code pideploy.db} there, or a shared PostgreSQL database
 * when the settings name one, ADR-0060), the key that seals profile secrets in it ({@code secrets.key}, ADR-0093), the image files ({@code images/}) and the core over them. The server and
 * every admin command open it the same way, so a command run while the server is up works on the same data (SQLite in
 * WAL mode, or PostgreSQL's fleet lock, serialises the writers).
 */
public final class Fleet implements AutoCloseable {
    public static final String DATABASE_FILE = "pideploy.db";
    public static final String IMAGES_DIR = "images";

    private final Path dataDir;
    private final FleetDatabase db;
    private final DirectoryImageStore images;
    private final DeployCore core;
    private final Operators operators;

    private Fleet(Path dataDir, FleetDatabase db, DirectoryImageStore images, DeployCore core, Clock clock) {
        this.dataDir = dataDir;
        this.db = db;
        this.images = images;
        this.core = core;
        this.operators = Operators.create(
                db.users(), db.sessions(), db.apiTokens(), db.auditLog(), new Pbkdf2PasswordHasher(), clock);
    }

    /** Opens (creating when new) the data directory with the core's default settings. */
    public static Fleet open(Path dataDir, EventPublisher events, Clock clock) {
        return open(dataDir, events, clock, CoreSettings.DEFAULTS);
    }

    /** Opens (creating when new) the data directory and its SQLite database; ensures the default products exist. */
    public static Fleet open(Path dataDir, EventPublisher events, Clock clock, CoreSettings settings) {
        return open(dataDir, events, clock, settings, DatabaseChoice.EMBEDDED);
    }

    /** Opens (creating when new) the data directory and the chosen database; ensures the default products exist. */
    public static Fleet open(
            Path dataDir, EventPublisher events, Clock clock, CoreSettings settings, DatabaseChoice database) {
        return open(dataDir, events, clock, settings, database, Notifier.NONE);
    }

    /**
     * Opens (creating when new) the data directory and the chosen database; ensures the default products exist. The
     * core's failures and breaker trips are raised to {@code notifier} after they commit (ADR-0085).
     */
    public static Fleet open(
            Path dataDir,
            EventPublisher events,
            Clock clock,
            CoreSettings settings,
            DatabaseChoice database,
            Notifier notifier) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir.resolve(IMAGES_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory %s: %s".formatted(dir, e.getMessage()), e);
        }
        DirectoryImageStore images;
        try {
            images = new DirectoryImageStore(dir.resolve(IMAGES_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open image directory in %s: %s".formatted(dir, e.getMessage()), e);
        }
        SecretSeal seal = SecretKeyFile.open(dir);
        FleetDatabase db = switch (database) {
            case DatabaseChoice.Embedded e ->
                FleetDatabase.of(SqliteDatabase.open(new SqliteSettings(dir.resolve(DATABASE_FILE)), seal));
            case DatabaseChoice.Postgres p -> FleetDatabase.of(PostgresDatabase.open(p.settings(), seal));
        };
        try {
            DeployCore core = DeployCore.create(
                    db.fleetStore(),
                    images,
                    new NoticeRaisingPublisher(events, notifier),
                    clock,
                    settings,
                    new CompressedImageDecoder(),
                    new E2fsprogsShrinker(images.directory()),
                    new DebugfsIdentityReset(images.directory()),
                    new BreakerNotices(db.auditLog(), notifier),
                    // On a shared database another server may have registered an image this one lacks (ADR-0099).
                    database instanceof DatabaseChoice.Postgres
                            ? image -> images.exists(image.fileName())
                            : image -> true);
            core.ensureDefaultProducts().ensure();
            return new Fleet(dir, db, images, core, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public DeployCore core() {
        return core;
    }

    /** The operator use cases (ADR-0100) over this data directory's accounts, with the PBKDF2 hasher. */
    public Operators operators() {
        return operators;
    }

    /** The image directory, for what only a local directory offers (where its files' holes are). */
    public DirectoryImageStore images() {
        return images;
    }

    public FleetDatabase db() {
        return db;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        db.close();
    }
}
