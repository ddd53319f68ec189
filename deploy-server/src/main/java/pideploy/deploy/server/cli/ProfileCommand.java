package pideploy.deploy.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.profile.ProfileChange;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.ProfileText;
import pideploy.deploy.server.Fleet;

/**
 * {@code pideploy profile set|show|list|remove|preview} (ADR-0061). A layer is a file of {@code key=value} lines
 * (docs/operations.md, "Device profiles"); what is printed always shows secrets as {@code <redacted>}.
 */
@Command(
        name = "profile",
        description = "Manage device profile layers (product, venue, batch, device).",
        mixinStandardHelpOptions = true,
        subcommands = {
            ProfileCommand.Set.class,
            ProfileCommand.Show.class,
            ProfileCommand.ListLayers.class,
            ProfileCommand.Remove.class,
            ProfileCommand.Preview.class
        })
public final class ProfileCommand {

    abstract static class Scoped extends AdminCommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "product, venue, batch or device.")
        String kind;

        @Parameters(index = "1", paramLabel = "KEY", description = "Product or venue code, batch id, or serial.")
        String key;

        ProfileScope scope() {
            return parse("profile scope", kind, k -> ProfileScope.of(k, key));
        }
    }

    @Command(
            name = "set",
            description = "Replace a layer with the key=value lines of FILE (- for standard input); "
                    + "a secret given as <redacted> keeps the stored one.",
            mixinStandardHelpOptions = true)
    static final class Set extends Scoped {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The layer's lines.")
        String file;

        @Override
        void run(Fleet fleet) {
            ProfileScope scope = scope();
            String text;
            try {
                text = file.equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
            }
            Optional<ProfileSettings> stored =
                    fleet.core().manageProfiles().find(scope).map(ProfileLayer::settings);
            ProfileSettings settings = parse("profile", text, t -> ProfileText.decode(t, stored));
            ProfileChange change;
            try {
                change = fleet.core().manageProfiles().set(scope, settings);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid profile: " + e.getMessage(), e);
            }
            switch (change) {
                case ProfileChange.Saved s -> {
                    audit("profile.set", scope.describe(), ProfileText.lineCount(settings) + " settings");
                    out().println("set the profile of " + scope.describe());
                    out().print(ProfileText.encode(s.layer().settings(), true));
                }
                case ProfileChange.AddressTaken t -> throw new CommandFailure(t.message());
                case ProfileChange.OwnerNotFound n -> throw new CommandFailure(n.message());
            }
        }
    }

    @Command(name = "show", description = "Print a layer (secrets as <redacted>).", mixinStandardHelpOptions = true)
    static final class Show extends Scoped {
        @Override
        void run(Fleet fleet) {
            ProfileScope scope = scope();
            ProfileLayer layer = fleet.core()
                    .manageProfiles()
                    .find(scope)
                    .orElseThrow(() -> new CommandFailure(scope.describe() + " has no profile"));
            out().print(ProfileText.encode(layer.settings(), true));
        }
    }

    @Command(name = "list", description = "List the layers.", mixinStandardHelpOptions = true)
    static final class ListLayers extends AdminCommand {
        @Override
        void run(Fleet fleet) {
            for (ProfileLayer l : fleet.core().manageProfiles().list()) {
                out().println("%s %s: %d settings, updated %s"
                        .formatted(
                                l.scope().kind(), l.scope().key(), ProfileText.lineCount(l.settings()), l.updatedAt()));
            }
        }
    }

    @Command(name = "remove", description = "Remove a layer.", mixinStandardHelpOptions = true)
    static final class Remove extends Scoped {
        @Override
        void run(Fleet fleet) {
            ProfileScope scope = scope();
            if (!fleet.core().manageProfiles().remove(scope)) {
                throw new CommandFailure(scope.describe() + " has no profile");
            }
            audit("profile.remove", scope.describe(), "");
            out().println("removed the profile of " + scope.describe());
        }
    }

    @Command(
            name = "preview",
            description = "What the device with SERIAL would get now (secrets as <redacted>).",
            mixinStandardHelpOptions = true)
    static final class Preview extends AdminCommand {
        @Parameters(paramLabel = "SERIAL", description = "The device's serial; it must hold a hostname.")
        String serial;

        @Override
        void run(Fleet fleet) {
            SerialNumber s = parse("serial", serial, SerialNumber::of);
            out().print(fleet.core()
                    .manageProfiles()
                    .preview(s, Optional.empty())
                    .orElseThrow(() -> new CommandFailure("device " + s + " holds no hostname yet"))
                    .redacted());
        }
    }
}
