package pideploy.deploy.server.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.usecase.AddVenueCommand;
import pideploy.deploy.core.usecase.VenueAddition;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy venue add|list}. */
@Command(
        name = "venue",
        description = "Manage venues.",
        mixinStandardHelpOptions = true,
        subcommands = {VenueCommand.Add.class, VenueCommand.ListVenues.class})
public final class VenueCommand {

    @Command(
            name = "add",
            description = "Add a venue (code: exactly 4 letters or digits).",
            mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "CODE", description = "Venue code, e.g. CORO.")
        String code;

        @Option(names = "--name", required = true, description = "Venue name.")
        String name;

        @Option(names = "--location", defaultValue = "", description = "Where it is.")
        String location;

        @Option(names = "--email", defaultValue = "", description = "Contact email.")
        String email;

        @Override
        void run(Fleet fleet) {
            VenueCode c = parse("venue code", code, VenueCode::of);
            AddVenueCommand cmd = parse("venue", name, n -> new AddVenueCommand(c, n, location, email));
            switch (fleet.core().addVenue().add(cmd)) {
                case VenueAddition.Added a -> {
                    audit("venue.add", c.value(), name);
                    out().println("added venue " + a.venue().code() + " ("
                            + a.venue().name() + ")");
                    out().println("  next, its hostnames: "
                            + dataDir.hint("pool import %s --product CODE --numbers 1-50"
                                    .formatted(a.venue().code())));
                }
                case VenueAddition.AlreadyExists e -> throw new CommandFailure(e.message());
            }
        }
    }

    @Command(name = "list", description = "List venues.", mixinStandardHelpOptions = true)
    static final class ListVenues extends AdminCommand {
        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            output.print(
                    out(),
                    fleet.core().listVenues().list().stream()
                            .map(Views.VenueView::of)
                            .toList(),
                    List.of("code", "name", "location", "contact_email", "created_at"));
        }
    }
}
