package pideploy.deploy.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pideploy.deploy.server.DataDirLock;
import pideploy.deploy.server.FleetDatabase;
import pideploy.deploy.server.backup.FleetRestore;
import pideploy.deploy.server.logging.LogSetup;

/** {@code pideploy restore DIR}: a backup's database and images into a data directory, checked first and after. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore a backup made by pideploy backup into the data directory (--data). Stop the server first.",
            "Every file is checked against DIR/manifest.sha256 before anything is written; a data directory that",
            "holds data is refused unless --replace. The restored database is then checked as pideploy db verify does."
        })
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    DataDir dataDir;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A backup directory written by pideploy backup.")
    Path backup;

    @Option(
            names = "--replace",
            description = "Overwrite the data directory's database and same-named image files if it holds data.")
    boolean replace;

    @Override
    public Integer call() {
        if (!dataDir.embedded()) {
            throw new CommandFailure(FleetDatabase.PG_BACKUP);
        }
        LogSetup.command();
        Path data = dataDir.path().toAbsolutePath().normalize();
        FleetRestore.Summary s;
        // The server's lock: a restore under a running server would swap the file beneath its open connections.
        try (DataDirLock lock = DataDirLock.acquire(data, java.time.Clock.systemUTC())) {
            s = FleetRestore.restore(backup, data, replace);
        }
        var out = spec.commandLine().getOut();
        out.printf(
                "restored %s into %s: database and %d image files, every one matching %s%n",
                backup.toAbsolutePath().normalize(),
                data,
                s.files().files().size() - 1,
                pideploy.deploy.server.backup.BackupManifest.FILE);
        out.flush();
        if (!s.problems().isEmpty()) {
            s.problems().forEach(p -> spec.commandLine().getErr().println(p));
            throw new CommandFailure("the restored database fails verification (%d found, above); %s lists them again"
                    .formatted(s.problems().size(), dataDir.hint("db verify")));
        }
        out.println("verify: ok");
        out.flush();
        return ExitCodes.OK;
    }
}
