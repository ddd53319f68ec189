package pideploy.deploy.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pideploy} command line. */
@Command(name = "pideploy", mixinStandardHelpOptions = true, version = "PiDeploy 0.1.0",
        description = "Deploys Raspberry Pi fleets over the network.")
public final class PiDeployMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PiDeployMain()).execute(args));
    }
}
