package pideploy.deploy.persistence.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.storage.fs.DirectoryImageStore;

/**
 * Run in a separate JVM by {@link KillAndRestartIT}: assigns hostnames to devices 0, 1, 2... on 4 threads and prints
 * {@code <device> <hostname>} for every answer, after its transaction committed, until it is killed.
 */
public final class AssignUntilKilled {
    private AssignUntilKilled() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dataDir.resolve("pideploy.db")));
        DeployCore core = DeployCore.create(
                db.fleetStore(),
                new DirectoryImageStore(dataDir.resolve("images")),
                EventPublisher.NONE,
                Clock.systemUTC(),
                CoreSettings.DEFAULTS);
        AtomicLong next = new AtomicLong();
        Runnable worker = () -> {
            while (true) {
                long device = next.getAndIncrement();
                ConfigAnswer answer = core.answerConfig()
                        .answer(ConfigRequest.of(FleetFixtures.KXP2, FleetFixtures.CORO, FleetFixtures.device(device)));
                if (answer instanceof ConfigAnswer.Assigned a) {
                    synchronized (System.out) {
                        System.out.println(device + " " + a.hostname().value());
                        System.out.flush();
                    }
                }
            }
        };
        for (int i = 0; i < 4; i++) {
            new Thread(worker, "assign-" + i).start();
        }
    }
}
