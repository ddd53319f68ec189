package pideploy.installer.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Entry point of the {@code pi-installer} command line; the only place that calls {@link System#exit}. */
public final class PiInstallerMain {

    private PiInstallerMain() {}

    public static void main(String[] args) {
        // One line per log record, timestamped, on stderr: readable on a serial console and in journald.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%6$s%n");
        }
        System.exit(
                commandLine(InstallerWiring.linux(), System.console() != null).execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests (which pass their own wiring and writers). */
    public static CommandLine commandLine(InstallerWiring wiring, boolean terminal) {
        CommandLine commandLine = new CommandLine(new InstallCommand(wiring, terminal));
        commandLine.addSubcommand("self-test", new SelfTestCommand());
        commandLine.addSubcommand("capture", new CaptureCommand());
        commandLine.setExitCodeExceptionMapper(PiInstallerMain::exitCodeFor);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("pi-installer: " + e.getMessage());
            return exitCodeFor(e);
        });
        return commandLine;
    }

    /** Exceptions that escape the workflow (its expected failures are outcomes, not exceptions). */
    static int exitCodeFor(Throwable e) {
        if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException) {
            return InstallerExitCodes.USAGE;
        }
        if (e instanceof UncheckedIOException) {
            return InstallerExitCodes.TRANSFER;
        }
        return InstallerExitCodes.INTERNAL_ERROR;
    }

    /** Runs the installer with {@code wiring}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(InstallerWiring wiring, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(wiring, false);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }
}
