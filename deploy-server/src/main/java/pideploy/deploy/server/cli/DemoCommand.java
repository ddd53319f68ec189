package pideploy.deploy.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.config.ServerSettings;

/**
 * {@code pideploy demo}: {@code serve} on a demo data directory, seeded with venue CORO, a KXP2 pool 1-50 and a small
 * Pi-OS-shaped image (bundled, 48 MiB unpacked) registered and active; then, when the installer's launcher
 * ({@link #installerLauncher()}) is present, one simulated Pi installs onto a file in the data directory.
 */
@Command(
        name = "demo",
        description = "Run the server with a demo venue, pool and image, and one simulated Pi.",
        mixinStandardHelpOptions = true)
public final class DemoCommand extends ServeCommand {
    private static final System.Logger LOG = System.getLogger(DemoCommand.class.getName());
    static final VenueCode VENUE = DemoSeed.VENUE;
    static final ProductCode PRODUCT = DemoSeed.PRODUCT;
    static final ImageVersion IMAGE_VERSION = DemoSeed.IMAGE_VERSION;

    @Option(names = "--no-pi", description = "Do not start the simulated Pi.")
    boolean noPi;

    @Override
    ServerSettings settings() {
        if (data == null && System.getenv("PIDEPLOY_DATA") == null) {
            data = Path.of("var", "demo");
        }
        return super.settings();
    }

    /**
     * How long the simulated Pi's card takes to write, verify and customize: long enough for someone who opens the
     * dashboard after the demo starts to watch every step, short enough to wait for.
     */
    static final int PACE_SECONDS = 75;

    @Override
    void afterStart(PiDeployServer server) {
        PrintWriter out = spec.commandLine().getOut();
        DemoSeed.seed(server.core());
        out.printf(
                "%nDemo ready: venue %s, pool %s 1-50, image %s %s active.%n", VENUE, PRODUCT, PRODUCT, IMAGE_VERSION);
        out.printf("  dashboard: %s/%n", server.adminUrl());
        out.printf("  login:     admin / %s%n", login(server));
        out.printf(
                "  try:       curl -s -X POST %s/api/config -H 'Content-Type: application/json' "
                        + "-d '{\"serial_number\":\"10000000abcdef01\",\"product_type\":\"KXP2\",\"venue_code\":\"CORO\"}'%n",
                server.deviceUrl());
        out.flush();
        if (!noPi) {
            simulatedPi(server, out, installerLauncher());
        }
    }

    private static String login(PiDeployServer server) {
        return server.generatedAdminPassword()
                .or(() -> server.settings().adminPassword())
                .orElse("(the password printed on this data directory's first start)");
    }

    /**
     * The simulated Pi's card speed in bytes per second: every byte of the image is written and read back once
     * (raw transfer), plus the first and last MiB zeroed, in {@link #PACE_SECONDS}.
     */
    static long cardRate(long imageBytes) {
        return Math.max(64 * 1024, (2 * imageBytes + (2L << 20)) / PACE_SECONDS);
    }

    /**
     * The hook for the simulated Pi: runs the installer's launcher as a child process writing to a file-backed
     * "SD card" in the data directory, paced like a slow card ({@code --card-rate}, ADR-0048) so its write, verify
     * and customize steps last about {@link #PACE_SECONDS} seconds on the dashboard. Its output goes to this
     * console; its failure is reported, never fatal to the demo server. Returns the started process, if any.
     */
    static Optional<Process> simulatedPi(PiDeployServer server, PrintWriter out, Path launcher) {
        if (!Files.isExecutable(launcher)) {
            out.println("  (no " + launcher + ": start a simulated Pi yourself once the installer is built)");
            out.flush();
            return Optional.empty();
        }
        try {
            Path card = server.dataDir().resolve("simulated-pi").resolve("sdcard.img");
            Files.createDirectories(card.getParent());
            long imageBytes = server.core()
                    .listImages()
                    .find(PRODUCT, IMAGE_VERSION)
                    .map(i -> i.sizeBytes())
                    .orElse(64L << 20);
            long size = imageBytes + (16L << 20);
            try (var ch = java.nio.channels.FileChannel.open(
                    card, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                if (ch.size() < size) {
                    ch.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
                }
            }
            List<String> cmd = new ArrayList<>(List.of(
                    launcher.toString(),
                    "--server",
                    server.deviceUrl().toString(),
                    "--product",
                    PRODUCT.value(),
                    "--venue",
                    VENUE.value(),
                    "--device",
                    card.toString(),
                    "--no-reboot",
                    "--serial",
                    "10000000de300001",
                    "--mac",
                    "d8:3a:dd:00:00:01",
                    // Raw: every image byte crosses the paced card, so the pace alone sets how long it takes.
                    "--transfer",
                    "raw",
                    "--card-rate",
                    String.valueOf(cardRate(imageBytes))));
            out.println("  simulated Pi: " + String.join(" ", cmd));
            out.printf(
                    "  watch it:  open %s/ (login admin / %s): the simulated Pi writes, verifies and customizes "
                            + "its card over about %d s%n",
                    server.adminUrl(), login(server), PACE_SECONDS);
            out.flush();
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            Thread.ofVirtual().name("simulated-pi").start(() -> {
                try {
                    int code = p.waitFor();
                    LOG.log(code == 0 ? Level.INFO : Level.WARNING, "simulated Pi finished with exit code {0}", code);
                } catch (InterruptedException e) {
                    p.destroy();
                    Thread.currentThread().interrupt();
                }
            });
            return Optional.of(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "simulated Pi not started: {0}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * {@code pi-installer} beside this program's own launcher when it runs from a release package (jpackage names
     * its launcher in {@code jpackage.app-path}), else {@code ./pi-installer} of the source tree it runs in.
     */
    static Path installerLauncher() {
        String app = System.getProperty("jpackage.app-path");
        return app != null
                ? Path.of(app).resolveSibling("pi-installer")
                : Path.of("pi-installer").toAbsolutePath();
    }
}
