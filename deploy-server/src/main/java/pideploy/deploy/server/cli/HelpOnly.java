package pideploy.deploy.server.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} without picocli's {@code --version}, for commands whose own {@code --version} names an image. */
public final class HelpOnly {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;
}
