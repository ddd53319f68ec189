package pideploy.deploy.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.server.Fleet;
import pideploy.deploy.server.config.DatabaseChoice;
import pideploy.deploy.server.logging.LogSetup;

/** The {@code --data} option every command has, and opening the data directory for admin commands. */
public final class DataDir {
    /** The data directory when neither --data nor PIDEPLOY_DATA names one. */
    static final String DEFAULT = "var";

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "${env:PIDEPLOY_DATA:-var}",
            description =
                    "Data directory: database, images, logs (default: $PIDEPLOY_DATA or ./var; now ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--database",
            paramLabel = "URL",
            defaultValue = "${env:PIDEPLOY_DATABASE:-sqlite}",
            description = "sqlite (the data directory's file) or the jdbc:postgresql:// URL the server uses "
                    + "(default: $PIDEPLOY_DATABASE or sqlite); user from $PIDEPLOY_DATABASE_USER, password from "
                    + "$PIDEPLOY_DATABASE_PASSWORD_FILE or $PIDEPLOY_DATABASE_PASSWORD.")
    String database;

    /** Whether the fleet is the data directory's SQLite file (not a shared PostgreSQL database). */
    boolean embedded() {
        return database == null || database.isBlank() || database.equalsIgnoreCase(DatabaseChoice.SQLITE);
    }

    public Path path() {
        return data;
    }

    /**
     * A {@code pideploy} command line to print as a hint: {@code args} plus the {@code --data} this command used,
     * so the hint works where it is pasted (another shell, no PIDEPLOY_DATA); the default {@code ./var} is left out.
     */
    String hint(String args) {
        return hint(data, args);
    }

    /** As {@link #hint(String)}, for a data directory resolved elsewhere ({@code serve}'s settings). */
    public static String hint(Path data, String args) {
        String dir = data.toString();
        boolean isDefault = dir.equals(DEFAULT) || dir.equals(DEFAULT + "/") || dir.equals("./" + DEFAULT);
        return "pideploy " + args + (isDefault ? "" : " --data " + shellWord(dir));
    }

    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Opens the fleet for an admin command: warnings only on stderr, no live events (the server has its own). A data
     * directory that does not exist is refused, not created: a mistyped {@code --data} would otherwise become a new,
     * empty fleet that the server never sees.
     */
    Fleet open() {
        Path dir = data.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new StorageException(("data directory %s does not exist (--data, or PIDEPLOY_DATA; default ./var): "
                            + "name the one the server uses, or create it by starting the server once: pideploy serve "
                            + "--data %s")
                    .formatted(dir, data));
        }
        LogSetup.command();
        var env = System.getenv();
        DatabaseChoice choice = DatabaseChoice.of(
                java.util.Optional.ofNullable(database),
                java.util.Optional.ofNullable(env.get("PIDEPLOY_DATABASE_USER")).filter(u -> !u.isBlank()),
                env);
        return Fleet.open(data, EventPublisher.NONE, Clock.systemUTC(), CoreSettings.DEFAULTS, choice);
    }
}
