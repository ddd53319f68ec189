package pideploy.deploy.persistence.postgresql;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the PostgreSQL adapter (ADR-0060).
 *
 * @param jdbcUrl     {@code jdbc:postgresql://host[:port]/database[?options]}; it must not carry a password
 * @param user        the database role, or empty for the driver's default (the URL's {@code user=} or the OS user)
 * @param password    the role's password, or empty (trust, peer or certificate authentication); never printed
 * @param poolSize    connections in this server's pool, 2-64
 * @param lockTimeout how long a write waits for another server's write, 100 ms to 5 minutes
 */
public record PostgresSettings(
        String jdbcUrl, Optional<String> user, Optional<String> password, int poolSize, Duration lockTimeout) {
    public static final String URL_PREFIX = "jdbc:postgresql://";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (!jdbcUrl.startsWith(URL_PREFIX) || jdbcUrl.length() == URL_PREFIX.length()) {
            throw new IllegalArgumentException(
                    "database URL must be " + URL_PREFIX + "host[:port]/database, got '" + withoutQuery(jdbcUrl) + "'");
        }
        if (jdbcUrl.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
            // The URL is on command lines, in logs and in `ps`; the password belongs in a file or the environment.
            throw new IllegalArgumentException("the database URL must not carry the password: put it in the file "
                    + "named by PIDEPLOY_DATABASE_PASSWORD_FILE (or PIDEPLOY_DATABASE_PASSWORD) instead");
        }
        if (poolSize < 2 || poolSize > 64) {
            throw new IllegalArgumentException("postgresql pool size must be 2-64, got " + poolSize);
        }
        if (lockTimeout.toMillis() < 100 || lockTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(
                    "postgresql lock timeout must be 100 ms to 5 minutes, got " + lockTimeout);
        }
    }

    public PostgresSettings(String jdbcUrl, Optional<String> user, Optional<String> password) {
        this(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_LOCK_TIMEOUT);
    }

    /** The URL without its options, for messages and logs. */
    public String where() {
        return withoutQuery(jdbcUrl);
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "PostgresSettings[" + where() + ", user=" + user.orElse("(default)") + ", password="
                + (password.isPresent() ? "(set)" : "(none)") + ", poolSize=" + poolSize + ", lockTimeout="
                + lockTimeout + "]";
    }
}
