package pideploy.installer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pi-installer} command line. */
@Command(name = "pi-installer", mixinStandardHelpOptions = true, version = "PiDeploy installer 0.1.0",
        description = "Streams a master image onto this Raspberry Pi's card, verifies it and gives the card its identity.")
public final class PiInstallerMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PiInstallerMain()).execute(args));
    }
}
