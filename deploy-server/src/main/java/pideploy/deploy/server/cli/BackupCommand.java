package pideploy.deploy.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pideploy.deploy.server.Fleet;
import pideploy.deploy.server.FleetDatabase;
import pideploy.deploy.server.backup.FleetBackup;

/** {@code pideploy backup DIR}: a consistent copy of the database and the image files, safe while the server runs. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up the data directory into DIR while the server runs: a consistent copy of the database, the image",
            "files, and DIR/manifest.sha256 (check it with: sha256sum -c manifest.sha256). Into the same DIR again, only",
            "new image files are copied. SQLite only: on PostgreSQL use pg_dump."
        })
public final class BackupCommand implements Callable<Integer> {
    @Mixin
    DataDir dataDir;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Backup directory (created if missing), outside the data directory.")
    Path target;

    @Override
    public Integer call() {
        if (!dataDir.embedded()) {
            throw new CommandFailure(FleetDatabase.PG_BACKUP);
        }
        try (Fleet fleet = dataDir.open()) {
            FleetBackup.Summary s = FleetBackup.backup(fleet, target);
            var out = spec.commandLine().getOut();
            s.vanished()
                    .forEach(name -> spec.commandLine()
                            .getErr()
                            .println("warning: " + name + " was deleted during the backup; not in it"));
            out.printf(
                    "backed up %s to %s: database and %d image files (%d copied now, %d there already); "
                            + "manifest %s%n",
                    fleet.dataDir(),
                    s.dir(),
                    s.imagesCopied() + s.imagesKept(),
                    s.imagesCopied(),
                    s.imagesKept(),
                    s.dir().resolve(pideploy.deploy.server.backup.BackupManifest.FILE));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
