package pideploy.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import pideploy.deploy.server.PiDeployMain;
import pideploy.installer.cli.PiInstallerMain;

/**
 * Writes the shell completion scripts and man pages of {@code pideploy} and {@code pi-installer} from their picocli
 * command lines, the same source as their {@code --help}: {@code completions/NAME} (bash, picocli's
 * {@link AutoComplete}) and {@code man/NAME[-SUB...].1} (one page per command, its usage help as the body).
 * Run at build time by the {@code release} profile; the package installs what it writes.
 */
public final class CommandDocs {

    private CommandDocs() {}

    /** The two command lines the package ships, configured as their {@code main} methods configure them. */
    static List<CommandLine> commandLines() {
        // Generating docs never installs anything: the installer's wiring is never asked for.
        CommandLine installer = PiInstallerMain.commandLine(
                (options, observer) -> {
                    throw new IllegalStateException("documentation only");
                },
                false);
        return List.of(PiDeployMain.commandLine(), installer);
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CommandDocs OUTPUT_DIR");
        }
        List<Path> written = write(Path.of(args[0]));
        System.out.printf("command docs: %d files in %s%n", written.size(), args[0]);
    }

    /** Writes completions and man pages of {@link #commandLines()} below {@code out}; returns the files written. */
    static List<Path> write(Path out) {
        List<Path> written = new ArrayList<>();
        for (CommandLine cl : commandLines()) {
            String name = cl.getCommandName();
            written.add(writeFile(out.resolve("completions").resolve(name), AutoComplete.bash(name, cl)));
            for (CommandLine command : withSubcommands(cl)) {
                String page = pageName(command);
                written.add(writeFile(out.resolve("man").resolve(page + ".1"), ManPage.of(command, page)));
            }
        }
        return written;
    }

    /** {@code cl} and all its visible subcommands, depth first. */
    static List<CommandLine> withSubcommands(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>();
        all.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            boolean alias = !sub.getCommandName().equals(sub.getCommandSpec().name());
            if (!sub.getCommandSpec().usageMessage().hidden() && !alias && !all.contains(sub)) {
                all.addAll(withSubcommands(sub));
            }
        }
        return all.stream().distinct().toList();
    }

    /** {@code pideploy venue add} becomes {@code pideploy-venue-add}, as git's and systemd's pages are named. */
    static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-").toLowerCase(Locale.ROOT);
    }

    private static Path writeFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A man page in troff whose body is the command's usage help, preformatted. */
    static final class ManPage {
        private ManPage() {}

        static String of(CommandLine command, String page) {
            var spec = command.getCommandSpec();
            String[] description = spec.usageMessage().description();
            String summary = description.length == 0 ? spec.qualifiedName() : description[0];
            String version =
                    spec.root().version().length == 0 ? "" : spec.root().version()[0];
            StringBuilder s = new StringBuilder();
            s.append(".TH ")
                    .append(page.toUpperCase(Locale.ROOT))
                    .append(" 1 \"\" \"")
                    .append(escape(version))
                    .append("\" \"PiDeploy Manual\"\n");
            s.append(".SH NAME\n")
                    .append(escape(page))
                    .append(" \\- ")
                    .append(escape(summary))
                    .append('\n');
            s.append(".SH SYNOPSIS\n.nf\n");
            for (String line : command.getUsageMessage(Ansi.OFF).split("\n", -1)) {
                s.append(line.isEmpty() ? "" : protect(escape(line))).append('\n');
            }
            s.append(".fi\n");
            List<String> related = new ArrayList<>();
            if (spec.parent() != null) {
                related.add(pageName(spec.parent().commandLine()));
            }
            for (CommandLine sub : command.getSubcommands().values()) {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    related.add(pageName(sub));
                }
            }
            if (!related.isEmpty()) {
                s.append(".SH SEE ALSO\n")
                        .append(String.join(
                                ", ",
                                related.stream()
                                        .distinct()
                                        .map(p -> "\\fB" + escape(p) + "\\fR(1)")
                                        .toList()))
                        .append('\n');
            }
            return s.toString();
        }

        /**
         * Backslashes are troff's escape character (a literal one is {@code \e}); a plain {@code -} may be typeset
         * as a hyphen, which breaks options copied from the page, so it becomes {@code \-}.
         */
        static String escape(String text) {
            return text.replace("\\", "\\e").replace("-", "\\-");
        }

        /** A line starting with a dot or quote would be a troff request; {@code \&} makes it text. */
        static String protect(String line) {
            return line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line;
        }
    }
}
