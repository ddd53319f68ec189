package pideploy.deploy.server;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import pideploy.deploy.core.transfer.TransferForms;
import pideploy.deploy.storage.fs.FilefragLayout;
import pideploy.deploy.transfer.zstd.ZstdSegmentCompressor;

/**
 * The background side of transfer forms (ADR-0025, ADR-0027): one preparation at a time on its own thread, its
 * segments compressed by {@code threads} zstd workers, and a scan every few seconds that picks up images registered
 * by any route (API or a command in another process) and, at start, those a stop interrupted. All threads are
 * daemons; {@link #close()} interrupts a running preparation, which stays {@code preparing} and is redone on the next
 * start.
 */
final class TransferWorkers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TransferWorkers.class.getName());
    /** How often registered images are checked for a transfer form to prepare. */
    static final Duration SCAN_EVERY = Duration.ofSeconds(2);

    private final ExecutorService compression;
    private final ExecutorService background;
    private final ScheduledExecutorService scanner;
    private final TransferForms forms;

    private TransferWorkers(
            ExecutorService compression,
            ExecutorService background,
            ScheduledExecutorService scanner,
            TransferForms forms) {
        this.compression = compression;
        this.background = background;
        this.scanner = scanner;
        this.forms = forms;
    }

    /**
     * Compression threads: one core is left for serving devices (config answers must stay fast during a boot storm),
     * at most 4 (a Pi 5 has 4 cores).
     */
    static int compressionThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
    }

    static TransferWorkers start(Fleet fleet, Clock clock) {
        int threads = compressionThreads();
        ExecutorService compression = Executors.newFixedThreadPool(threads, daemons("pideploy-transfer-zstd"));
        ExecutorService background = Executors.newSingleThreadExecutor(daemons("pideploy-transfer-prepare"));
        ScheduledExecutorService scanner =
                Executors.newSingleThreadScheduledExecutor(daemons("pideploy-transfer-scan"));
        ZstdSegmentCompressor zstd = new ZstdSegmentCompressor();
        TransferForms forms = TransferForms.create(
                fleet.db().fleetStore(),
                fleet.images(),
                fleet.db().transferForms(),
                zstd,
                compression,
                threads,
                background,
                new FilefragLayout().over(fleet.images()),
                clock);
        TransferWorkers workers = new TransferWorkers(compression, background, scanner, forms);
        scanner.scheduleWithFixedDelay(workers::scan, 0, SCAN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.DEBUG, "transfer forms: {0}, {1} compression threads", zstd, threads);
        return workers;
    }

    private void scan() {
        try {
            forms.outstanding().submit();
        } catch (RuntimeException e) {
            // Never let one failed scan end the schedule.
            LOG.log(Level.WARNING, "transfer forms: scan failed (will retry): {0}", e.toString());
        }
    }

    TransferForms forms() {
        return forms;
    }

    @Override
    public void close() {
        scanner.shutdownNow();
        background.shutdownNow();
        compression.shutdownNow();
        try {
            if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "transfer forms: preparation did not stop within 5 s");
            }
            compression.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
