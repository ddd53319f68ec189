package pideploy.deploy.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.persistence.postgresql.PostgresSettings;

/**
 * Which database holds the fleet (ADR-0060): the embedded SQLite file in the data directory (the default, one server),
 * or a PostgreSQL database that several servers share. The composition root opens the adapter this names.
 */
public sealed interface DatabaseChoice {
    /** {@code PIDEPLOY_DATABASE}, {@code --database}, file key {@code database}. */
    String URL_KEY = "database";
    /** The value that names the embedded database explicitly. */
    String SQLITE = "sqlite";
    /** The password, only from the environment (never a flag: flags are visible in {@code ps}). */
    String PASSWORD_ENV = "PIDEPLOY_DATABASE_PASSWORD";
    /** A file holding the password (first line), e.g. a systemd credential or a mounted secret. Wins over the variable. */
    String PASSWORD_FILE_ENV = "PIDEPLOY_DATABASE_PASSWORD_FILE";

    /** The SQLite file {@code pideploy.db} in the data directory. */
    DatabaseChoice EMBEDDED = new Embedded();

    record Embedded() implements DatabaseChoice {}

    /** A shared PostgreSQL database; the password, if any, is inside {@code settings} and never printed. */
    record Postgres(PostgresSettings settings) implements DatabaseChoice {}

    /**
     * @param url  the database setting: empty or {@code sqlite} for the embedded file, else a {@code jdbc:postgresql:}
     *             URL
     * @param user the database user setting, if any
     * @param env  the environment, for the password
     * @throws IllegalArgumentException naming the setting that is wrong and what it should be
     */
    static DatabaseChoice of(Optional<String> url, Optional<String> user, Map<String, String> env) {
        if (url.isEmpty() || url.get().equalsIgnoreCase(SQLITE)) {
            return EMBEDDED;
        }
        String u = url.get();
        if (!u.startsWith(PostgresSettings.URL_PREFIX)) {
            throw new IllegalArgumentException("setting database (--database, PIDEPLOY_DATABASE) must be 'sqlite' or "
                    + PostgresSettings.URL_PREFIX + "HOST[:PORT]/DATABASE, was '" + u.replaceAll("\\?.*", "") + "'");
        }
        return new Postgres(new PostgresSettings(u, user, password(env)));
    }

    private static Optional<String> password(Map<String, String> env) {
        String file = env.get(PASSWORD_FILE_ENV);
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            try {
                String first =
                        Files.readAllLines(path).stream().findFirst().orElse("").strip();
                if (first.isEmpty()) {
                    throw new IllegalArgumentException(PASSWORD_FILE_ENV + " names " + path
                            + ", which is empty: put the database password on its first line");
                }
                return Optional.of(first);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        PASSWORD_FILE_ENV + " names " + path + ", which cannot be read ("
                                + e.getClass().getSimpleName() + "): make it readable by the user that runs pideploy",
                        e);
            }
        }
        return Optional.ofNullable(env.get(PASSWORD_ENV)).filter(p -> !p.isEmpty());
    }
}
