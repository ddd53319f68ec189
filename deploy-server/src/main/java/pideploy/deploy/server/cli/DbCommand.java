package pideploy.deploy.server.cli;

import java.util.List;
import picocli.CommandLine.Command;
import pideploy.deploy.core.port.IntegrityProblem;
import pideploy.deploy.server.Fleet;

/** {@code pideploy db verify}. */
@Command(
        name = "db",
        description = "Check the fleet database.",
        mixinStandardHelpOptions = true,
        subcommands = {DbCommand.Verify.class})
public final class DbCommand {

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check the database: SQLite's integrity and foreign-key checks, and the fleet's invariants (no hostname",
                "held twice, every assigned pool entry held by its device and recorded by a deployment). Read-only; works",
                "beside the running server. Exit 1 and one line per problem when something is wrong."
            })
    static final class Verify extends AdminCommand {
        @Override
        void run(Fleet fleet) {
            List<IntegrityProblem> problems = fleet.db().integrity().check();
            if (!problems.isEmpty()) {
                problems.forEach(p -> err().println(p));
                err().flush();
                throw new CommandFailure(
                        "%s fails verification (%d found, above); restore the latest good backup (pideploy restore) "
                                        .formatted(fleet.db().where(), problems.size())
                                + "or repair them as docs/operations.md \"Back up the data directory\" says");
            }
            out().println("ok: " + fleet.db().where() + " passes the integrity check and the fleet invariants");
        }
    }
}
