package pideploy.deploy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.persistence.sqlite.SqliteDatabase;
import pideploy.deploy.persistence.sqlite.SqliteSettings;
import pideploy.deploy.storage.fs.DirectoryImageStore;
import pideploy.deploy.transfer.zstd.CompressedImageDecoder;

/**
 * One data directory opened: the SQLite database ({@code pideploy.db}), the image files ({@code images/}) and the
 * core over them. The server and every admin command open it the same way, so a command run while the server is up
 * works on the same data (SQLite in WAL mode serialises the writers).
 */
public final class Fleet implements AutoCloseable {
    public static final String DATABASE_FILE = "pideploy.db";
    public static final String IMAGES_DIR = "images";

    private final Path dataDir;
    private final SqliteDatabase db;
    private final DirectoryImageStore images;
    private final DeployCore core;

    private Fleet(Path dataDir, SqliteDatabase db, DirectoryImageStore images, DeployCore core) {
        this.dataDir = dataDir;
        this.db = db;
        this.images = images;
        this.core = core;
    }

    /** Opens (creating when new) the data directory with the core's default settings. */
    public static Fleet open(Path dataDir, EventPublisher events, Clock clock) {
        return open(dataDir, events, clock, CoreSettings.DEFAULTS);
    }

    /** Opens (creating when new) the data directory; ensures the default products exist. */
    public static Fleet open(Path dataDir, EventPublisher events, Clock clock, CoreSettings settings) {
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
        SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve(DATABASE_FILE)));
        try {
            DeployCore core = DeployCore.create(db.fleetStore(), images, events, clock, settings,
                    new CompressedImageDecoder(), new E2fsprogsShrinker(images.directory()));
            core.ensureDefaultProducts().ensure();
            return new Fleet(dir, db, images, core);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public DeployCore core() {
        return core;
    }

    /** The image directory, for what only a local directory offers (where its files' holes are). */
    public DirectoryImageStore images() {
        return images;
    }

    public SqliteDatabase db() {
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
