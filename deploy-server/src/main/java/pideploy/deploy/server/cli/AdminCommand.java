package pideploy.deploy.server.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.server.Fleet;

/**
 * Base of the admin subcommands: opens the data directory, runs, closes; writes to picocli's writers; records state
 * changes in the audit log as {@code cli:<os user>}, so the log shows actions done beside the API too.
 */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    DataDir dataDir;

    @Spec
    CommandSpec spec;

    private Fleet fleet;

    @Override
    public final Integer call() {
        try (Fleet f = dataDir.open()) {
            fleet = f;
            run(f);
            out().flush();
            return ExitCodes.OK;
        } finally {
            fleet = null;
        }
    }

    abstract void run(Fleet fleet);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where progress and warnings go, so the standard output stays the result alone. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void audit(String action, String target, String detail) {
        String user = System.getProperty("user.name", "unknown");
        fleet.db()
                .auditLog()
                .append(new NewAuditEntry(
                        Instant.now(),
                        "cli:" + user,
                        action,
                        target,
                        "from the command line" + (detail.isEmpty() ? "" : "; " + detail)));
    }

    static <T> T parse(String what, String raw, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + e.getMessage(), e);
        }
    }
}
