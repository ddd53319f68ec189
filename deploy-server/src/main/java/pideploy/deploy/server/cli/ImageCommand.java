package pideploy.deploy.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.ImageActivation;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.ImageRollback;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.server.Fleet;

/** {@code pideploy image register|list|activate|rollback}. */
@Command(name = "image", description = "Manage master images.", mixinStandardHelpOptions = true,
        subcommands = {ImageCommand.Register.class, ImageCommand.ListImages.class, ImageCommand.Activate.class,
                ImageCommand.Rollback.class})
public final class ImageCommand {

    @Command(name = "register", description = "Copy an image file into the data directory, hashing it once.",
            mixinStandardHelpOptions = false)
    static final class Register extends AdminCommand {
        @Mixin
        HelpOnly help;
        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;
        @Option(names = "--version", required = true, paramLabel = "V")
        String version;
        @Parameters(paramLabel = "FILE", description = "The raw .img file.")
        Path file;
        @Option(names = "--activate", description = "Make it the product's active image.")
        boolean activate;
        @Option(names = "--notes", defaultValue = "")
        String notes;
        @Option(names = "--customization", paramLabel = "firstrun|cloud-init",
                description = "Override the first-boot method detected from the boot partition.")
        String customization;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            ImageVersion v = parse("version", version, ImageVersion::of);
            Optional<CustomizationMethod> c = Optional.ofNullable(customization)
                    .map(s -> parse("customization", s, CustomizationMethod::parse));
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("image file %s does not exist or is not a file".formatted(file));
            }
            ImageRegistration outcome;
            try (InputStream in = Files.newInputStream(file)) {
                outcome = fleet.core().registerImage().register(new RegisterImageCommand(p, v,
                        file.getFileName().toString(), in, notes, c, activate));
            } catch (NoSuchFileException e) {
                throw new CommandFailure("image file %s does not exist".formatted(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read %s: %s".formatted(file, e.getMessage()), e);
            }
            switch (outcome) {
                case ImageRegistration.Registered r -> {
                    audit("image.register", p + " " + v, "%s, %d bytes, sha256 %s%s".formatted(r.image().fileName(),
                            r.image().sizeBytes(), r.image().sha256(), activate ? ", activated" : ""));
                    out().printf("registered %s %s as %s (%d bytes, sha256 %s, %s)%s%n", p, v, r.image().fileName(),
                            r.image().sizeBytes(), r.image().sha256(), r.image().customization().wireName(),
                            r.image().isActive() ? ", active" : "");
                }
                case ImageRegistration.AlreadyRegistered a -> throw new CommandFailure(a.message());
                case ImageRegistration.UnknownProduct u -> throw new CommandFailure(u.message());
            }
        }
    }

    @Command(name = "list", description = "List registered images.", mixinStandardHelpOptions = true)
    static final class ListImages extends AdminCommand {
        @Option(names = "--product", paramLabel = "CODE")
        String product;
        @Mixin
        Output output;

        @Override
        void run(Fleet fleet) {
            Optional<ProductCode> p = Optional.ofNullable(product).map(s -> parse("product code", s,
                    ProductCode::of));
            output.print(out(), fleet.core().listImages().list(p).stream().map(Views.ImageView::of).toList(),
                    List.of("product", "version", "state", "size_bytes", "sha256", "customization", "file_name",
                            "registered_at"));
        }
    }

    @Command(name = "activate", description = "Make a registered image the product's active one.",
            mixinStandardHelpOptions = false)
    static final class Activate extends AdminCommand {
        @Mixin
        HelpOnly help;
        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;
        @Option(names = "--version", required = true, paramLabel = "V")
        String version;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            ImageVersion v = parse("version", version, ImageVersion::of);
            switch (fleet.core().activateImage().activate(p, v)) {
                case ImageActivation.Activated a -> {
                    audit("image.activate", p + " " + v, a.previous().map(x -> "previous " + x.version())
                            .orElse("no previous image"));
                    out().println("activated " + p + " " + v + a.previous().map(x -> " (was " + x.version() + ")")
                            .orElse(""));
                }
                case ImageActivation.NotFound n -> throw new CommandFailure(n.message());
            }
        }
    }

    @Command(name = "rollback", description = "Go back to the product's previously active image.",
            mixinStandardHelpOptions = true)
    static final class Rollback extends AdminCommand {
        @Option(names = "--product", required = true, paramLabel = "CODE")
        String product;

        @Override
        void run(Fleet fleet) {
            ProductCode p = parse("product code", product, ProductCode::of);
            switch (fleet.core().rollbackImage().rollback(p)) {
                case ImageRollback.RolledBack r -> {
                    audit("image.rollback", p.value(), "withdrew %s, restored %s".formatted(r.withdrawn().version(),
                            r.restored().version()));
                    out().println("rolled back " + p + ": " + r.withdrawn().version() + " -> "
                            + r.restored().version());
                }
                case ImageRollback.NoActiveImage n -> throw new CommandFailure(n.message());
                case ImageRollback.NoEarlierImage n -> throw new CommandFailure(n.message());
            }
        }
    }
}
