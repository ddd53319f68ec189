package pideploy.deploy.server.cli;

import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.server.Fleet;
import pideploy.deploy.server.logging.LogSetup;

/** The {@code --data} option every command has, and opening the data directory for admin commands. */
public final class DataDir {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PIDEPLOY_DATA:-var}",
            description = "Data directory: database, images, logs (default: $PIDEPLOY_DATA or ./var; now ${DEFAULT-VALUE}).")
    Path data;

    public Path path() {
        return data;
    }

    /** Opens the fleet for an admin command: warnings only on stderr, no live events (the server has its own). */
    Fleet open() {
        LogSetup.command();
        return Fleet.open(data, EventPublisher.NONE, Clock.systemUTC());
    }
}
