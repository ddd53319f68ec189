package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the SQLite adapter.
 *
 * @param databaseFile the database file (created with its parent directories if missing)
 * @param poolSize     connections in the pool, 2-32; writes use one at a time, the rest serve reads
 * @param busyTimeout  how long a write waits for another process's write lock, 100 ms to 5 minutes
 */
public record SqliteSettings(Path databaseFile, int poolSize, Duration busyTimeout) {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    public SqliteSettings {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (poolSize < 2 || poolSize > 32) {
            throw new IllegalArgumentException("sqlite pool size must be 2-32, got " + poolSize);
        }
        if (busyTimeout.toMillis() < 100 || busyTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("sqlite busy timeout must be 100 ms to 5 minutes, got " + busyTimeout);
        }
    }

    public SqliteSettings(Path databaseFile) {
        this(databaseFile, DEFAULT_POOL_SIZE, DEFAULT_BUSY_TIMEOUT);
    }
}
