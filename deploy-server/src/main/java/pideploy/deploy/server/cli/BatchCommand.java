package pideploy.deploy.server.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.BatchAction;
import pideploy.deploy.core.usecase.BatchChange;
import pideploy.deploy.core.usecase.BatchCreation;
import pideploy.deploy.core.usecase.CreateBatchCommand;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy batch create|list|start|pause|cancel|priority}. */
@Command(name = "batch", description = "Manage batches (which venue and product the next devices get).",
        mixinStandardHelpOptions = true,
        subcommands = {BatchCommand.Create.class, BatchCommand.ListBatches.class, BatchCommand.Start.class,
                BatchCommand.Pause.class, BatchCommand.Cancel.class, BatchCommand.Priority.class})
public final class BatchCommand {

    @Command(name = "create", description = "Create a pending batch.", mixinStandardHelpOptions = true)
    static final class Create extends AdminCommand {
        @Option(names = "--venue", required = true, paramLabel = "V")
        String venue;
        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;
        @Option(names = "--count", required = true, paramLabel = "N")
        int count;
        @Option(names = "--priority", defaultValue = "0", paramLabel = "K", description = "Higher goes first.")
        int priority;

        @Override
        void run(Fleet fleet) {
            VenueCode v = parse("venue code", venue, VenueCode::of);
            ProductCode p = parse("product code", product, ProductCode::of);
            CreateBatchCommand cmd = parse("batch", "", x -> new CreateBatchCommand(v, p, count, priority));
            switch (fleet.core().createBatch().create(cmd)) {
                case BatchCreation.Created c -> {
                    audit("batch.create", c.batch().id().toString(), "%s/%s count %d priority %d".formatted(v, p,
                            count, priority));
                    out().println("created batch " + c.batch().id() + " (" + v + "/" + p + ", " + count
                            + " devices, priority " + priority + ", pending)");
                }
                case BatchCreation.UnknownVenue u -> throw new CommandFailure(u.message());
                case BatchCreation.UnknownProduct u -> throw new CommandFailure(u.message());
                case BatchCreation.NotEnoughHostnames n -> throw new CommandFailure(n.message());
            }
        }
    }

    @Command(name = "list", description = "List batches, newest first.", mixinStandardHelpOptions = true)
    static final class ListBatches extends AdminCommand {
        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            output.print(out(), fleet.core().listBatches().list().stream().map(Views.BatchView::of).toList(),
                    List.of("id", "venue", "product", "count", "remaining", "priority", "state", "created_at"));
        }
    }

    abstract static class Change extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        abstract BatchAction action();

        @Override
        void run(Fleet fleet) {
            BatchId b = parse("batch id", id, BatchId::parse);
            report(this, fleet.core().changeBatchState().change(b, action()),
                    "batch." + action().name().toLowerCase(java.util.Locale.ROOT), "");
        }
    }

    @Command(name = "start", description = "Start (or resume) a batch.", mixinStandardHelpOptions = true)
    static final class Start extends Change {
        @Override
        BatchAction action() {
            return BatchAction.START;
        }
    }

    @Command(name = "pause", description = "Pause an active batch.", mixinStandardHelpOptions = true)
    static final class Pause extends Change {
        @Override
        BatchAction action() {
            return BatchAction.PAUSE;
        }
    }

    @Command(name = "cancel", description = "Cancel a batch for good.", mixinStandardHelpOptions = true)
    static final class Cancel extends Change {
        @Override
        BatchAction action() {
            return BatchAction.CANCEL;
        }
    }

    @Command(name = "priority", description = "Change a batch's priority (higher goes first).",
            mixinStandardHelpOptions = true)
    static final class Priority extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Parameters(index = "1", paramLabel = "K")
        int priority;

        @Override
        void run(Fleet fleet) {
            BatchId b = parse("batch id", id, BatchId::parse);
            report(this, fleet.core().setBatchPriority().set(b, priority), "batch.priority", "priority " + priority);
        }
    }

    static void report(AdminCommand cmd, BatchChange change, String action, String detail) {
        switch (change) {
            case BatchChange.Changed c -> {
                cmd.audit(action, c.batch().id().toString(), detail);
                cmd.out().println("batch " + c.batch().id() + " is " + c.batch().state().wireName() + ", priority "
                        + c.batch().priority() + ", " + c.batch().remaining() + " of " + c.batch().count()
                        + " remaining");
            }
            case BatchChange.NotFound n -> throw new CommandFailure(n.message());
            case BatchChange.InvalidTransition t -> throw new CommandFailure(t.message());
            case BatchChange.NotEnoughHostnames n -> throw new CommandFailure(n.message());
        }
    }
}
