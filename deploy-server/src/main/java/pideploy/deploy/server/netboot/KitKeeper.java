package pideploy.deploy.server.netboot;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import pideploy.deploy.core.image.MasterImage;

/**
 * Keeps the netboot kit in step with the active master image when the server is set to build it
 * ({@code netboot-build: on}): at start, and whenever the active image or the server URL differs from what the
 * kit records in {@code pideploy-kit.txt}, it rebuilds in the background. It looks every
 * {@link #CHECK_EVERY}, so an activation by the admin command line in another process is seen too.
 */
public final class KitKeeper implements AutoCloseable {
    /** How often the active image is compared with the kit. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(KitKeeper.class.getName());

    /** Everything a build needs besides the image. */
    public record Setup(
            Path kitDir, Path debs, Path installerDir, Optional<String> serverUrl, Path imagesDir, Path javaHome) {}

    private final Setup setup;
    private final Supplier<List<MasterImage>> activeImages;
    private final Thread thread;
    private volatile String state = "starting";
    private volatile Instant lastChange = Instant.now();

    private KitKeeper(Setup setup, Supplier<List<MasterImage>> activeImages) {
        this.setup = setup;
        this.activeImages = activeImages;
        this.thread = Thread.ofPlatform().daemon().name("netboot-kit-keeper").unstarted(this::loop);
    }

    /** Starts keeping the kit; {@code activeImages} lists the active image of every product. */
    public static KitKeeper start(Setup setup, Supplier<List<MasterImage>> activeImages) {
        KitKeeper keeper = new KitKeeper(setup, activeImages);
        keeper.thread.start();
        return keeper;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            checkOnce();
            try {
                Thread.sleep(CHECK_EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Compares the kit with the active image and rebuilds when they differ. */
    void checkOnce() {
        if (setup.serverUrl().isEmpty()) {
            set("waiting: set netboot-server (or public-url) to the device listener's URL as the Pis reach it");
            return;
        }
        List<MasterImage> active;
        try {
            active = activeImages.get();
        } catch (RuntimeException e) {
            set("waiting: cannot list the active images: " + e.getMessage());
            return;
        }
        if (active.isEmpty()) {
            set("waiting: no product has an active image");
            return;
        }
        if (active.size() > 1) {
            set("waiting: several products have an active image (%s); the kit boots one product's kernel, so "
                            .formatted(active.stream()
                                    .map(i -> i.product().toString())
                                    .toList())
                    + "build it with pideploy netboot build --product");
            return;
        }
        MasterImage image = active.getFirst();
        String server = setup.serverUrl().get();
        Map<String, String> kit = KitStatus.kitFile(setup.kitDir());
        if (image.fileName().equals(kit.get("image_file")) && server.equals(kit.get("server"))) {
            if (!state.startsWith("built")) set("built from " + kit.get("image"));
            return;
        }
        String label = image.product() + " " + image.version();
        set("building from " + label);
        LOG.log(Level.INFO, "netboot kit: building from {0} into {1}", label, setup.kitDir());
        try {
            KitSummary summary = new NetbootKit(setup.javaHome())
                    .build(new KitRequest(
                            setup.imagesDir().resolve(MasterImage.validateFileName(image.fileName())),
                            label,
                            setup.kitDir(),
                            server,
                            Optional.of(image.product().toString()),
                            Optional.empty(),
                            setup.debs(),
                            Optional.empty(),
                            setup.installerDir(),
                            Optional.empty()));
            set("built from " + label);
            LOG.log(
                    Level.INFO,
                    "netboot kit: built from {0}: initramfs {1} bytes, {2} kernel modules",
                    label,
                    summary.initramfsBytes(),
                    summary.modules());
        } catch (KitFailure e) {
            set("failed: " + e.getMessage());
            LOG.log(Level.WARNING, "netboot kit: building from {0} failed: {1}", label, e.getMessage());
        }
    }

    private void set(String next) {
        if (!next.equals(state)) {
            state = next;
            lastChange = Instant.now();
        }
    }

    /** What the keeper is doing, for the System page. */
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("state", state);
        facts.put("since_at", lastChange.toString());
        return facts;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The kit as it is on disk and whether dnsmasq's configuration serves it. */
    public static final class KitStatus {
        private KitStatus() {}

        /** The key=value lines of the kit's {@code pideploy-kit.txt}; empty when there is no kit. */
        public static Map<String, String> kitFile(Path kitDir) {
            Map<String, String> values = new LinkedHashMap<>();
            try {
                Path file = kitDir.resolve(NetbootKit.KIT_FILE);
                if (!Files.isRegularFile(file)) return values;
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (!line.startsWith("#") && eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            } catch (IOException e) {
                values.put("error", e.getMessage());
            }
            return values;
        }

        /** For the System page: where the kit is, what it was built from, and the dnsmasq check. */
        public static Map<String, Object> facts(Path kitDir, Path dnsmasqConfig) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("kit_dir", kitDir.toString());
            Map<String, String> kit = kitFile(kitDir);
            if (kit.isEmpty()) {
                facts.put("kit", "none built (pideploy netboot build, docs/netboot.md)");
            } else {
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("image", kit.get("image"));
                shown.put("kernels", kit.get("kernels"));
                shown.put("initramfs_bytes", parseLong(kit.get("initramfs_bytes")));
                shown.put("kernel_modules", kit.get("kernel_modules"));
                shown.put("java_runtime", kit.get("java_runtime"));
                shown.put("server", kit.get("server"));
                shown.put("built_at", kit.get("built_at"));
                facts.put("kit", shown);
            }
            Map<String, Object> dnsmasq = new LinkedHashMap<>();
            dnsmasq.put("config_file", dnsmasqConfig.toString());
            dnsmasq.put("check", dnsmasqCheck(kitDir, dnsmasqConfig));
            facts.put("dnsmasq", dnsmasq);
            return facts;
        }

        private static String dnsmasqCheck(Path kitDir, Path config) {
            if (!Files.isRegularFile(config)) {
                return "missing: write it with pideploy netboot dnsmasq-config --interface IF --tftp-root %s --out %s"
                        .formatted(kitDir, config);
            }
            try {
                List<String> problems = DnsmasqConfig.check(Files.readString(config), kitDir.toString());
                return problems.isEmpty() ? "matches the kit" : "differs: " + String.join("; ", problems);
            } catch (IOException e) {
                return "unreadable: " + e.getMessage();
            }
        }

        private static Long parseLong(String s) {
            try {
                return s == null ? null : Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
