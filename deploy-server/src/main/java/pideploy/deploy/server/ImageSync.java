package pideploy.deploy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.server.FleetServer;
import pideploy.deploy.core.transfer.FindTransferForms;
import pideploy.deploy.core.transfer.PreparedForm;
import pideploy.deploy.core.transfer.TransferFile;
import pideploy.deploy.core.usecase.ListImages;
import pideploy.wire.DevicePaths;

/**
 * Copies the files of images other servers of the fleet registered (ADR-0099): every {@link #INTERVAL} it looks for
 * catalog images (and their prepared transfer forms) whose files this server lacks, and fetches each by name from the
 * device listener of a server that has it, in heartbeat order, newest first. A file counts only when its size and
 * SHA-256 are the catalog's; until then it is invisible (the image store's pending file) and configs naming its image
 * are answered 503 with {@code Retry-After}. Transfer-form files come before the image file, so once the image file is
 * here its ready forms are too.
 */
final class ImageSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ImageSync.class.getName());
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Peers whose last heartbeat is older than this are not asked. */
    static final Duration PEER_SILENT_AFTER = Duration.ofMinutes(2);

    private final ListImages catalog;
    private final FindTransferForms forms;
    private final ImageStore files;
    private final ServerRegistry servers;
    private final Supplier<Optional<FleetServer>> self;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService timer;

    private ImageSync(
            ListImages catalog,
            FindTransferForms forms,
            ImageStore files,
            ServerRegistry servers,
            Supplier<Optional<FleetServer>> self,
            Clock clock) {
        this.clock = clock;
        this.catalog = catalog;
        this.forms = forms;
        this.files = files;
        this.servers = servers;
        this.self = self;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pideploy-image-sync");
            t.setDaemon(true);
            return t;
        });
    }

    static ImageSync start(
            ListImages catalog,
            FindTransferForms forms,
            ImageStore files,
            ServerRegistry servers,
            Supplier<Optional<FleetServer>> self,
            Clock clock) {
        ImageSync sync = new ImageSync(catalog, forms, files, servers, self, clock);
        long ms = INTERVAL.toMillis();
        sync.timer.scheduleWithFixedDelay(sync::runSafely, 0, ms, TimeUnit.MILLISECONDS);
        return sync;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "image sync round failed (will retry): {0}", e.toString());
        }
    }

    /** One round: every missing file of every catalog image, fetched from the first peer that has it. */
    void runOnce() {
        List<TransferFile> missing = new ArrayList<>();
        for (MasterImage image : catalog.list(Optional.empty())) {
            List<TransferFile> wanted = new ArrayList<>();
            forms.ready(image).flatMap(f -> f.prepared()).ifPresent(p -> wanted.addAll(filesOf(p)));
            wanted.add(new TransferFile(image.fileName(), image.sizeBytes(), image.sha256()));
            wanted.stream().filter(f -> !files.exists(f.name())).forEach(missing::add);
        }
        if (missing.isEmpty()) {
            return;
        }
        List<FleetServer> peers = peers();
        for (TransferFile f : missing) {
            for (FleetServer peer : peers) {
                if (fetch(f, peer)) {
                    break;
                }
            }
        }
    }

    private static List<TransferFile> filesOf(PreparedForm p) {
        return List.of(p.index(), p.data(), p.bmap());
    }

    private List<FleetServer> peers() {
        Optional<FleetServer> me = self.get();
        if (me.isEmpty()) {
            return List.of();
        }
        java.time.Instant cutoff = clock.instant().minus(PEER_SILENT_AFTER);
        return servers.list().stream()
                .filter(s -> !s.instance().equals(me.get().instance()))
                .filter(s -> !s.deviceUrl().isEmpty())
                .filter(s -> s.heartbeatAt().isAfter(cutoff))
                .sorted(java.util.Comparator.comparing(FleetServer::heartbeatAt).reversed())
                .toList();
    }

    /** True when the file is here now, verified. */
    private boolean fetch(TransferFile f, FleetServer peer) {
        URI uri = URI.create(stripSlash(peer.deviceUrl()) + DevicePaths.IMAGES + f.name());
        HttpResponse<InputStream> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMinutes(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "image file {0}: server {1} unreachable: {2}", f.name(), peer.name(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                LOG.log(Level.DEBUG, "image file {0}: server {1} answered {2}", f.name(), peer.name(), r.statusCode());
                return false;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            try (ImageStore.PendingImage pending = files.create(f.name())) {
                OutputStream out = pending.output();
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    bytes += n;
                }
                String got = HexFormat.of().formatHex(sha.digest());
                if (bytes != f.size() || !got.equals(f.sha256())) {
                    // Closing without commit discards the pending file: nothing of it becomes visible.
                    LOG.log(
                            Level.WARNING,
                            "image file {0} from server {1} refused: {2} bytes with SHA-256 {3}, the catalog says "
                                    + "{4} bytes with {5}",
                            f.name(),
                            peer.name(),
                            bytes,
                            got,
                            f.size(),
                            f.sha256());
                    return false;
                }
                pending.commit();
            }
            LOG.log(
                    Level.INFO,
                    "image file {0} copied from server {1} ({2} bytes, SHA-256 verified)",
                    f.name(),
                    peer.name(),
                    bytes);
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "image file {0} from server {1} failed: {2}", f.name(), peer.name(), e.toString());
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
