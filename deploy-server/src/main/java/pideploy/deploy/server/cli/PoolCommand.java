package pideploy.deploy.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.HostnameRelease;
import pideploy.deploy.core.usecase.HostnameRetirement;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.PoolImport;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.manage.PoolImportText;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy pool import|list|release|retire}. */
@Command(
        name = "pool",
        description = "Manage hostname pools.",
        mixinStandardHelpOptions = true,
        subcommands = {
            PoolCommand.Import.class,
            PoolCommand.ListPool.class,
            PoolCommand.Release.class,
            PoolCommand.Retire.class
        })
public final class PoolCommand {

    @Command(
            name = "import",
            description = {
                "Add numbers to a venue's pool for a product, e.g. 1-50,77, or a pasted list of kart numbers one per",
                "line, separated by spaces or commas, ranges mixed in (--numbers-file). Nothing is imported if one",
                "token is bad; the message names it and its line."
            },
            mixinStandardHelpOptions = true)
    static final class Import extends AdminCommand {
        @Parameters(paramLabel = "VENUE")
        String venue;

        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;

        @Option(names = "--numbers", paramLabel = "RANGES", description = "e.g. 1-50,77 or '12 14 15, 20-25'")
        String numbers;

        @Option(
                names = "--numbers-file",
                paramLabel = "FILE",
                description = "Read the numbers from FILE (- for standard input): one per line, spaces or commas, "
                        + "ranges mixed in.")
        Path numbersFile;

        @Override
        void run(Fleet fleet) {
            VenueCode v = parse("venue code", venue, VenueCode::of);
            ProductCode p = parse("product code", product, ProductCode::of);
            String text = numbersText();
            ImportPoolCommand cmd = parse("numbers", text, n -> ImportPoolCommand.parse(v, p, n));
            switch (fleet.core().importPool().importNumbers(cmd)) {
                case PoolImport.Imported i -> {
                    audit(
                            "pool.import",
                            v + "/" + p,
                            "%s: %d imported, %d already there"
                                    .formatted(PoolImportText.forAudit(text), i.imported(), i.skipped()));
                    out().printf(
                                    "imported %d numbers into %s/%s (%d were there already)%n",
                                    i.imported(), v, p, i.skipped());
                }
                case PoolImport.UnknownVenue u -> throw new CommandFailure(u.message());
                case PoolImport.UnknownProduct u -> throw new CommandFailure(u.message());
                case PoolImport.NotAPoolProduct n -> throw new CommandFailure(n.message());
            }
        }

        private String numbersText() {
            if ((numbers == null) == (numbersFile == null)) {
                throw new IllegalArgumentException("give the numbers either with --numbers RANGES or with "
                        + "--numbers-file FILE (- for standard input), one of the two");
            }
            if (numbers != null) {
                return numbers;
            }
            try {
                return numbersFile.toString().equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(numbersFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read --numbers-file %s: %s".formatted(numbersFile, e.getMessage()), e);
            }
        }
    }

    @Command(name = "list", description = "List a venue's pool entries.", mixinStandardHelpOptions = true)
    static final class ListPool extends AdminCommand {
        @Parameters(paramLabel = "VENUE")
        String venue;

        @Option(names = "--product", paramLabel = "CODE")
        String product;

        @Option(names = "--state", paramLabel = "available|assigned|retired")
        String state;

        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            VenueCode v = parse("venue code", venue, VenueCode::of);
            Optional<ProductCode> p = Optional.ofNullable(product).map(s -> parse("product code", s, ProductCode::of));
            Optional<PoolEntryState> st = Optional.ofNullable(state).map(s -> parse("state", s, PoolEntryState::parse));
            output.print(
                    out(),
                    fleet.core().listPool().listWithHolders(new PoolFilter(Optional.of(v), p, st)).stream()
                            .map(Views.PoolEntryView::of)
                            .toList(),
                    List.of("hostname", "venue", "product", "number", "state", "assigned_at", "holder_serial"));
        }
    }

    @Command(
            name = "release",
            description = "Return a hostname to its pool; its device gets a new one next time.",
            mixinStandardHelpOptions = true)
    static final class Release extends AdminCommand {
        @Parameters(paramLabel = "HOSTNAME")
        String hostname;

        @Override
        void run(Fleet fleet) {
            Hostname h = parse("hostname", hostname, Hostname::of);
            switch (fleet.core().releaseHostname().release(h)) {
                case HostnameRelease.Released r -> {
                    audit(
                            "hostname.release",
                            h.value(),
                            r.formerHolder().map(d -> "was held by " + d).orElse("was free"));
                    out().println("released " + h
                            + r.formerHolder()
                                    .map(d -> " (was held by " + d + ")")
                                    .orElse(""));
                }
                case HostnameRelease.NotFound n -> throw new CommandFailure(n.message());
                case HostnameRelease.Retired r -> throw new CommandFailure(r.message());
            }
        }
    }

    @Command(name = "retire", description = "Take a hostname out of use for good.", mixinStandardHelpOptions = true)
    static final class Retire extends AdminCommand {
        @Parameters(paramLabel = "HOSTNAME")
        String hostname;

        @Override
        void run(Fleet fleet) {
            Hostname h = parse("hostname", hostname, Hostname::of);
            switch (fleet.core().retireHostname().retire(h)) {
                case HostnameRetirement.Retired r -> {
                    audit(
                            "hostname.retire",
                            h.value(),
                            r.formerHolder().map(d -> "was held by " + d).orElse("was free"));
                    out().println("retired " + h);
                }
                case HostnameRetirement.AlreadyRetired a -> throw new CommandFailure(a.message());
                case HostnameRetirement.NotInPool n -> throw new CommandFailure(n.message());
            }
        }
    }
}
