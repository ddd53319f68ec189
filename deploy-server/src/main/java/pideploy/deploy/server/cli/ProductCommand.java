package pideploy.deploy.server.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.ProductAddition;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy product add|list}. */
@Command(
        name = "product",
        description = "Manage products (KXP2 and RXP2 exist from the start).",
        mixinStandardHelpOptions = true,
        subcommands = {ProductCommand.Add.class, ProductCommand.ListProducts.class})
public final class ProductCommand {

    @Command(name = "add", description = "Add a product.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "CODE", description = "Product code, 2-16 letters or digits.")
        String code;

        @Option(
                names = "--strategy",
                required = true,
                paramLabel = "pool|serial",
                description = "Hostname identifiers from a pool, or the last 8 characters of the serial.")
        String strategy;

        @Override
        void run(Fleet fleet) {
            ProductCode c = parse("product code", code, ProductCode::of);
            HostnameStrategy s = parse("strategy", strategy, HostnameStrategy::parse);
            switch (fleet.core().addProduct().add(c, s)) {
                case ProductAddition.Added a -> {
                    audit("product.add", c.value(), s.wireName());
                    out().println("added product " + c + " (strategy " + s.wireName() + ")");
                }
                case ProductAddition.AlreadyExists e -> throw new CommandFailure(e.message());
            }
        }
    }

    @Command(name = "list", description = "List products.", mixinStandardHelpOptions = true)
    static final class ListProducts extends AdminCommand {
        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            output.print(
                    out(),
                    fleet.core().listProducts().list().stream()
                            .map(Views.ProductView::of)
                            .toList(),
                    List.of("code", "strategy", "created_at"));
        }
    }
}
