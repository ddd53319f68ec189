package pideploy.deploy.server.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.ExpectedDevices;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.BatchAction;
import pideploy.deploy.core.usecase.BatchChange;
import pideploy.deploy.core.usecase.BatchCreation;
import pideploy.deploy.core.usecase.CreateBatchCommand;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy batch create|list|start|pause|cancel|priority|breaker|expect}. */
@Command(
        name = "batch",
        description = "Manage batches (which venue and product the next devices get).",
        mixinStandardHelpOptions = true,
        subcommands = {
            BatchCommand.Create.class,
            BatchCommand.ListBatches.class,
            BatchCommand.Start.class,
            BatchCommand.Pause.class,
            BatchCommand.Cancel.class,
            BatchCommand.Priority.class,
            BatchCommand.Breaker.class,
            BatchCommand.Expect.class
        })
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

        @Option(
                names = "--breaker",
                paramLabel = "N/M",
                description = "Circuit breaker: pause the batch when N of its last M finished deployments failed"
                        + " (default 5/10); 'off' for none.")
        String breaker;

        @Override
        void run(Fleet fleet) {
            VenueCode v = parse("venue code", venue, VenueCode::of);
            ProductCode p = parse("product code", product, ProductCode::of);
            Optional<CircuitBreaker> rule = breaker == null
                    ? Optional.of(CircuitBreaker.DEFAULT)
                    : parse("--breaker", breaker, CircuitBreaker::parse);
            CreateBatchCommand cmd = parse("batch", "", x -> new CreateBatchCommand(v, p, count, priority, rule));
            switch (fleet.core().createBatch().create(cmd)) {
                case BatchCreation.Created c -> {
                    audit(
                            "batch.create",
                            c.batch().id().toString(),
                            "%s/%s count %d priority %d breaker %s"
                                    .formatted(
                                            v,
                                            p,
                                            count,
                                            priority,
                                            rule.map(CircuitBreaker::describe).orElse("off")));
                    out().println("created batch " + c.batch().id() + " (" + v + "/" + p + ", " + count
                            + " devices, priority " + priority + ", breaker "
                            + rule.map(CircuitBreaker::describe).orElse("off") + ", pending)");
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
            var breakers = fleet.core().listBatches().breakers();
            output.print(
                    out(),
                    fleet.core().listBatches().list().stream()
                            .map(b -> Views.BatchView.of(
                                    b,
                                    fleet.core()
                                            .expectBatchDevices()
                                            .expected(b.id())
                                            .map(ExpectedDevices::size)
                                            .orElse(0),
                                    breakers.getOrDefault(b.id(), BatchBreaker.OFF)))
                            .toList(),
                    List.of(
                            "id",
                            "venue",
                            "product",
                            "count",
                            "remaining",
                            "priority",
                            "state",
                            "expected_devices",
                            "breaker_failures",
                            "breaker_window",
                            "paused_reason",
                            "created_at"));
        }
    }

    @Command(
            name = "expect",
            description = {
                "List the devices a batch is for (serial numbers and MAC addresses, "
                        + "pasted or a CSV file); others are refused DEVICE_NOT_EXPECTED and wait.",
                "Replaces the batch's list; --any clears it."
            },
            mixinStandardHelpOptions = true)
    static final class Expect extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "A list or CSV file of serials and MACs ('-': stdin).")
        java.nio.file.Path file;

        @Option(
                names = "--devices",
                paramLabel = "LIST",
                split = ",",
                description = "Serials and MACs, comma-separated.")
        List<String> devices;

        @Option(names = "--any", description = "Clear the list: any device may take the batch's hostnames.")
        boolean any;

        @Override
        void run(Fleet fleet) {
            BatchId b = parse("batch id", id, BatchId::parse);
            if ((file != null ? 1 : 0) + (devices != null ? 1 : 0) + (any ? 1 : 0) != 1) {
                throw new IllegalArgumentException("give exactly one of --file, --devices or --any");
            }
            String text;
            try {
                text = any
                        ? ""
                        : devices != null
                                ? String.join("\n", devices)
                                : file.toString().equals("-")
                                        ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                                        : java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            ExpectedDevices list = parse("expected devices", text, ExpectedDevices::parse);
            if (fleet.core().expectBatchDevices().expect(b, list).isEmpty()) {
                throw new CommandFailure("batch %s does not exist".formatted(b));
            }
            String what = list.isEmpty()
                    ? "any device"
                    : "%d serial numbers, %d MAC addresses"
                            .formatted(list.serials().size(), list.macs().size());
            audit("batch.expect", b.toString(), what);
            out().println("batch " + b + " now expects " + what);
        }
    }

    abstract static class Change extends AdminCommand {
        @Parameters(paramLabel = "ID")
        String id;

        abstract BatchAction action();

        @Override
        void run(Fleet fleet) {
            BatchId b = parse("batch id", id, BatchId::parse);
            report(
                    this,
                    fleet.core().changeBatchState().change(b, action()),
                    "batch." + action().name().toLowerCase(java.util.Locale.ROOT),
                    "");
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

    @Command(
            name = "priority",
            description = "Change a batch's priority (higher goes first).",
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

    @Command(
            name = "breaker",
            description = {
                "Set a batch's circuit breaker: it pauses itself when N of its last M finished deployments failed.",
                "Counting starts afresh; 'batch start ID' resumes a batch the breaker paused."
            },
            mixinStandardHelpOptions = true)
    static final class Breaker extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "N/M|off", description = "e.g. 5/10, or off")
        String rule;

        @Override
        void run(Fleet fleet) {
            BatchId b = parse("batch id", id, BatchId::parse);
            Optional<CircuitBreaker> r = parse("breaker", rule, CircuitBreaker::parse);
            report(
                    this,
                    fleet.core().changeBatchState().setBreaker(b, r),
                    "batch.breaker",
                    r.map(x -> x.describe() + " failed pauses it").orElse("off"));
        }
    }

    static void report(AdminCommand cmd, BatchChange change, String action, String detail) {
        switch (change) {
            case BatchChange.Changed c -> {
                cmd.audit(action, c.batch().id().toString(), detail);
                cmd.out()
                        .println("batch " + c.batch().id() + " is "
                                + c.batch().state().wireName() + ", priority "
                                + c.batch().priority() + ", " + c.batch().remaining() + " of "
                                + c.batch().count()
                                + " remaining");
            }
            case BatchChange.NotFound n -> throw new CommandFailure(n.message());
            case BatchChange.InvalidTransition t -> throw new CommandFailure(t.message());
            case BatchChange.NotEnoughHostnames n -> throw new CommandFailure(n.message());
        }
    }
}
