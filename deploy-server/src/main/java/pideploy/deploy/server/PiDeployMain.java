package pideploy.deploy.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import pideploy.deploy.server.cli.BackupCommand;
import pideploy.deploy.server.cli.BatchCommand;
import pideploy.deploy.server.cli.DbCommand;
import pideploy.deploy.server.cli.DemoCommand;
import pideploy.deploy.server.cli.DeploymentsCommand;
import pideploy.deploy.server.cli.ExitCodes;
import pideploy.deploy.server.cli.HookCommand;
import pideploy.deploy.server.cli.ImageCommand;
import pideploy.deploy.server.cli.NetbootCommand;
import pideploy.deploy.server.cli.PoolCommand;
import pideploy.deploy.server.cli.ProductCommand;
import pideploy.deploy.server.cli.ProfileCommand;
import pideploy.deploy.server.cli.ReportCommand;
import pideploy.deploy.server.cli.RestoreCommand;
import pideploy.deploy.server.cli.ServeCommand;
import pideploy.deploy.server.cli.UserCommand;
import pideploy.deploy.server.cli.VenueCommand;

/** Entry point of the {@code pideploy} command line. The only place that calls {@link System#exit}. */
@Command(
        name = "pideploy",
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        description = "Deploys Raspberry Pi fleets over the network.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            VenueCommand.class,
            ProductCommand.class,
            PoolCommand.class,
            ImageCommand.class,
            BatchCommand.class,
            DeploymentsCommand.class,
            ReportCommand.class,
            ProfileCommand.class,
            HookCommand.class,
            UserCommand.class,
            NetbootCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            DbCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:refused (not found, exists already, conflict)",
            "2:usage or invalid value",
            "3:data directory or database unusable",
            "4:a listener cannot bind (address in use or not on this machine)",
            "70:internal error"
        })
public final class PiDeployMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line; tests call {@code commandLine().setOut(...).execute(...)}. */
    public static CommandLine commandLine() {
        ExitCodes codes = new ExitCodes();
        return new CommandLine(new PiDeployMain())
                .setExecutionExceptionHandler(codes)
                .setExitCodeExceptionMapper(codes)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
