package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.storage.fs.DirectoryImageStore;

/**
 * Run in a separate JVM by {@link SecondProcessIT}: asks for hostnames of devices {@code first..first+count-1} on the
 * same database file, as the admin command line would work beside a running server. Exit code 0 when every device
 * got a hostname.
 */
public final class AssignFromAnotherProcess {
    private AssignFromAnotherProcess() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dataDir.resolve("pideploy.db")))) {
            DeployCore core = DeployCore.create(
                    db.fleetStore(),
                    new DirectoryImageStore(dataDir.resolve("images")),
                    EventPublisher.NONE,
                    Clock.systemUTC(),
                    CoreSettings.DEFAULTS);
            // Tell the test the slow part (JVM start, pool, migrations check) is over, so both processes write at once.
            java.nio.file.Files.createFile(dataDir.resolve("ready"));
            for (long device = first; device < first + count; device++) {
                ConfigAnswer answer = core.answerConfig()
                        .answer(ConfigRequest.of(FleetFixtures.KXP2, FleetFixtures.CORO, FleetFixtures.device(device)));
                if (!(answer instanceof ConfigAnswer.Assigned)) {
                    System.err.println("device " + device + " got " + answer);
                    System.exit(1);
                }
            }
        }
    }
}
