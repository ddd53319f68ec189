package pideploy.deploy.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.profile.HookChange;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.server.Fleet;

/**
 * {@code pideploy hook upload|list|versions|show|diff|remove} (ADR-0094): operator first-boot scripts per product or
 * venue, each upload of a changed text a new version, audited.
 */
@Command(
        name = "hook",
        description = "Manage first-boot hooks (operator scripts per product or venue, run once on each device).",
        mixinStandardHelpOptions = true,
        subcommands = {
            HookCommand.Upload.class,
            HookCommand.ListHooks.class,
            HookCommand.Versions.class,
            HookCommand.Show.class,
            HookCommand.Diff.class,
            HookCommand.Remove.class
        })
public final class HookCommand {

    abstract static class Named extends AdminCommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "product or venue.")
        String kind;

        @Parameters(index = "1", paramLabel = "KEY", description = "The product or venue code.")
        String key;

        @Parameters(index = "2", paramLabel = "NAME", description = "The hook's name (lower-case, digits, hyphens).")
        String name;

        ProfileScope owner() {
            return parse("hook owner", kind, k -> HookVersion.requireOwner(ProfileScope.of(k, key)));
        }

        HookName hookName() {
            return parse("hook name", name, HookName::new);
        }

        List<HookVersion> versions(Fleet fleet) {
            List<HookVersion> versions = fleet.core().manageHooks().versions(owner(), hookName());
            if (versions.isEmpty()) {
                throw new CommandFailure("%s has no hook %s".formatted(owner().describe(), name));
            }
            return versions;
        }
    }

    @Command(
            name = "upload",
            description = "Store FILE (- for standard input) as the hook's next version, unless it is unchanged.",
            mixinStandardHelpOptions = true)
    static final class Upload extends Named {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The script.")
        String file;

        @Override
        void run(Fleet fleet) {
            String text;
            try {
                text = file.equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + e.getMessage());
            }
            HookScript script = parse("hook script", text, HookScript::new);
            String author = System.getProperty("user.name", "unknown");
            switch (fleet.core().manageHooks().upload(owner(), hookName(), script, author)) {
                case HookChange.Saved s -> {
                    audit("hook.upload", s.version().describe(), "sha256 " + script.sha256());
                    out().println("uploaded " + s.version().describe());
                }
                case HookChange.Unchanged u ->
                    out().println("unchanged: " + u.latest().describe());
                case HookChange.OwnerNotFound n -> throw new CommandFailure(n.message());
            }
        }
    }

    @Command(name = "list", description = "The latest version of every hook.", mixinStandardHelpOptions = true)
    static final class ListHooks extends AdminCommand {
        @Override
        void run(Fleet fleet) {
            for (HookVersion h : fleet.core().manageHooks().list()) {
                out().println("%s  by %s  %s".formatted(h.describe(), h.author(), h.createdAt()));
            }
        }
    }

    @Command(name = "versions", description = "Every version of one hook.", mixinStandardHelpOptions = true)
    static final class Versions extends Named {
        @Override
        void run(Fleet fleet) {
            for (HookVersion h : versions(fleet)) {
                out().println("v%d  by %s  %s  sha256 %s"
                        .formatted(
                                h.version(),
                                h.author(),
                                h.createdAt(),
                                h.script().sha256()));
            }
        }
    }

    @Command(name = "show", description = "Print a version (the latest by default).", mixinStandardHelpOptions = true)
    static final class Show extends Named {
        @Option(names = "--version", paramLabel = "N", description = "The version to print.")
        Integer version;

        @Override
        void run(Fleet fleet) {
            List<HookVersion> versions = versions(fleet);
            int wanted = version == null ? versions.getLast().version() : version;
            out().print(versions.stream()
                    .filter(h -> h.version() == wanted)
                    .findFirst()
                    .orElseThrow(() -> new CommandFailure("no version %d; there are 1-%d"
                            .formatted(wanted, versions.getLast().version())))
                    .script()
                    .text());
        }
    }

    @Command(
            name = "diff",
            description = "What changed between two versions (default: the last two).",
            mixinStandardHelpOptions = true)
    static final class Diff extends Named {
        @Option(names = "--from", paramLabel = "N")
        Integer from;

        @Option(names = "--to", paramLabel = "N")
        Integer to;

        @Override
        void run(Fleet fleet) {
            int last = versions(fleet).getLast().version();
            int b = to == null ? last : to;
            int a = from == null ? Math.max(1, b - 1) : from;
            fleet.core()
                    .manageHooks()
                    .diff(owner(), hookName(), a, b)
                    .orElseThrow(
                            () -> new CommandFailure("no version %d; there are 1-%d".formatted(Math.max(a, b), last)))
                    .forEach(out()::println);
        }
    }

    @Command(name = "remove", description = "Remove a hook with all its versions.", mixinStandardHelpOptions = true)
    static final class Remove extends Named {
        @Override
        void run(Fleet fleet) {
            if (!fleet.core().manageHooks().remove(owner(), hookName())) {
                throw new CommandFailure("%s has no hook %s".formatted(owner().describe(), name));
            }
            audit("hook.remove", owner().describe() + " " + name, "");
            out().println("removed hook %s of %s".formatted(name, owner().describe()));
        }
    }
}
