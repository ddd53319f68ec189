package pideploy.deploy.server;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.usecase.AbandonSilentDeployments;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.ReclaimUnfinishedHostnames;
import pideploy.deploy.core.usecase.ThinDeploymentHistory;

/**
 * The server's periodic care of its database (ADR-0045): thins the history of deployments that ended well, ends
 * deployments that stopped reporting as failed ("abandoned", ADR-0047; published to the live stream), and, when the
 * operator turned it on, gives back pool hostnames whose deployment never reached success. One thread;
 * a failed round is logged and the next one tries again. The System page shows what it did.
 */
final class Housekeeping implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final ThinDeploymentHistory thin;
    private final Optional<ReclaimUnfinishedHostnames> reclaim;
    private final Optional<AbandonSilentDeployments> abandon;
    private long abandonedTotal;
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
            CoreSettings settings,
            Clock clock,
            boolean schedule) {
        this.settings = settings;
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
            FleetStore store, AuditLog audit, EventPublisher events, CoreSettings settings, Clock clock) {
        return new Housekeeping(store, audit, events, settings, clock, true);
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
