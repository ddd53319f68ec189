package pideploy.deploy.server;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.Notifier;
import pideploy.deploy.core.usecase.AbandonSilentDeployments;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.ReclaimUnfinishedHostnames;
import pideploy.deploy.core.usecase.SummarizeFleet;
import pideploy.deploy.core.usecase.ThinDeploymentHistory;
import pideploy.deploy.server.notify.BatchAndPoolNotices;
import pideploy.deploy.server.notify.StallNotices;

/**
 * The server's periodic care of its database (ADR-0045): thins the history of deployments that ended well, ends
 * deployments that stopped reporting as failed ("abandoned", ADR-0047; published to the live stream), and, when the
 * operator turned it on, gives back pool hostnames whose deployment never reached success, and raises a notice for
 * each deployment newly stalled, batch newly completed and pool newly nearly empty (ADR-0084, ADR-0085). One thread;
 * a failed round is logged and the next one tries again. The System page shows what it did.
 */
final class Housekeeping implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final ThinDeploymentHistory thin;
    private final Optional<ReclaimUnfinishedHostnames> reclaim;
    private final Optional<AbandonSilentDeployments> abandon;
    private long abandonedTotal;
    private final SummarizeFleet stalled;
    private final StallNotices stallNotices;
    private long stalledNotified;
    private final FleetStore store;
    private final BatchAndPoolNotices batchAndPoolNotices;
    private long batchAndPoolNotified;
    private final CoreSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Deque<String> recentReclaims = new ArrayDeque<>();
    private long reclaimedTotal;
    private long thinnedTotal;
    private Instant lastRun;

    private Housekeeping(
            FleetStore store,
            AuditLog audit,
            EventPublisher events,
            Notifier notifier,
            IntSupplier poolThreshold,
            CoreSettings settings,
            Clock clock,
            boolean schedule) {
        this.store = store;
        this.batchAndPoolNotices = new BatchAndPoolNotices(notifier, clock, poolThreshold);
        this.settings = settings;
        this.stalled = new SummarizeFleet(store, clock, settings.stallAfter());
        this.stallNotices = new StallNotices(notifier, clock);
        this.clock = clock;
        this.thin = new ThinDeploymentHistory(store, clock, settings.progressRetention());
        this.reclaim = settings.reclaimAfter().map(after -> new ReclaimUnfinishedHostnames(store, audit, clock, after));
        this.abandon =
                settings.abandonAfter().map(after -> new AbandonSilentDeployments(store, audit, events, clock, after));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pideploy-housekeeping");
            t.setDaemon(true);
            return t;
        });
        if (schedule) {
            timer.scheduleWithFixedDelay(this::runQuietly, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Starts the rounds: one now, then every {@link #INTERVAL}. */
    static Housekeeping start(
            FleetStore store,
            AuditLog audit,
            EventPublisher events,
            Notifier notifier,
            IntSupplier poolThreshold,
            CoreSettings settings,
            Clock clock) {
        return new Housekeeping(store, audit, events, notifier, poolThreshold, settings, clock, true);
    }

    private void runQuietly() {
        try {
            runNow();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "housekeeping round failed (next one in {0} s): {1}",
                    INTERVAL.toSeconds(),
                    e.getMessage());
        }
    }

    /** One round now, on the caller's thread. */
    synchronized void runNow() {
        thinnedTotal += thin.thin();
        // Before reclaiming, which (when on) treats an abandoned deployment as unfinished, silent since its last
        // report.
        abandon.ifPresent(a -> abandonedTotal += a.abandon().size());
        reclaim.ifPresent(r -> r.reclaim().forEach(done -> {
            reclaimedTotal++;
            recentReclaims.addFirst(done.hostname() + " (deployment "
                    + done.deployment().id() + ", " + done.deployment().status().wireName() + ")");
            while (recentReclaims.size() > 10) {
                recentReclaims.removeLast();
            }
        }));
        // Once per silence (ADR-0084): a deployment still silent next round is not told about again.
        stalledNotified += stallNotices.check(stalled.stalled());
        Map.Entry<List<Batch>, List<PoolCounts>> seen =
                store.read(tx -> Map.entry(tx.batches().list(), tx.pool().allCounts()));
        batchAndPoolNotified += batchAndPoolNotices.check(seen.getKey(), seen.getValue());
        lastRun = clock.instant();
    }

    /** What the System page shows. */
    synchronized Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("progress_events_retention_hours", settings.progressRetention().toHours());
        f.put("progress_events_removed", thinnedTotal);
        f.put(
                "reclaim_unfinished_after_minutes",
                settings.reclaimAfter()
                        .map(Duration::toMinutes)
                        .map(Object.class::cast)
                        .orElse("off"));
        f.put("hostnames_reclaimed", reclaimedTotal);
        f.put(
                "abandon_after_minutes",
                settings.abandonAfter()
                        .map(Duration::toMinutes)
                        .map(Object.class::cast)
                        .orElse("off"));
        f.put("deployments_abandoned", abandonedTotal);
        f.put("stall_notices_raised", stalledNotified);
        f.put("batch_and_pool_notices_raised", batchAndPoolNotified);
        f.put("recently_reclaimed", recentReclaims.isEmpty() ? "none" : String.join("; ", recentReclaims));
        f.put(
                "assignment_limit",
                "%d at once per client address, then one every %d ms"
                        .formatted(
                                settings.assignmentLimit().burst(),
                                settings.assignmentLimit().refillEvery().toMillis()));
        f.put(
                "status_report_limit",
                "%d at once per deployment, then one every %d ms"
                        .formatted(
                                settings.statusLimit().burst(),
                                settings.statusLimit().refillEvery().toMillis()));
        f.put("last_run", lastRun);
        return f;
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
