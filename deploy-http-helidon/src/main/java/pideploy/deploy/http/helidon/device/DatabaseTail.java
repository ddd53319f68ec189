package pideploy.deploy.http.helidon.device;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;

/**
 * Brings deployment events that other processes committed to the same database (the admin command line, a second
 * server) to this server's live stream (ADR-0032). Every interval it reads the events after the highest sequence it has
 * seen ({@code eventsAfter}, one indexed query). An event is published only on the tick after it was read, and only if
 * this process did not publish it itself by then: the own process publishes right after its commit, so a tick of
 * delay separates "not yet published here" from "never will be". Foreign events therefore reach the stream one to two
 * intervals after their commit, own events never twice.
 *
 * <p>Other changes made with the admin command line (pool imports, venues, images, batches) are not deployment events,
 * but every one of them is in the audit log under an actor {@code cli:<os user>}. When such entries appear, the stream
 * gets a {@code refresh} event naming them, and open pages reload their lists.
 */
public final class DatabaseTail implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DatabaseTail.class.getName());
    /** Events read per query; a tick reads at most {@link #MAX_PAGES} pages and continues on the next. */
    static final int PAGE = 500;

    static final int MAX_PAGES = 20;

    /** Audit entries looked at per tick (newest first); more command-line actions in one second still refresh. */
    static final int AUDIT_PAGE = 100;

    static final String CLI_ACTOR_PREFIX = "cli:";

    private final FleetStore store;
    private final LiveEvents live;
    private final Optional<AuditLog> auditLog;
    private long auditSeenUpTo;
    private final ScheduledExecutorService timer;
    private long readUpTo;
    private List<DeploymentEvent> pending = new ArrayList<>();

    private DatabaseTail(
            FleetStore store, LiveEvents live, Optional<AuditLog> auditLog, long startAfter, boolean background) {
        this.store = store;
        this.live = live;
        this.auditLog = auditLog;
        this.auditSeenUpTo = auditLog.map(DatabaseTail::newestAuditId).orElse(0L);
        this.readUpTo = startAfter;
        this.timer = background
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "pideploy-event-tail");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /** Starts tailing after the events already in the database. */
    public static DatabaseTail start(FleetStore store, LiveEvents live, Duration interval) {
        return start(store, live, Optional.empty(), interval);
    }

    /** Also watches the audit log for command-line actions and asks clients to refresh when there are new ones. */
    public static DatabaseTail start(
            FleetStore store, LiveEvents live, Optional<AuditLog> auditLog, Duration interval) {
        DatabaseTail tail = new DatabaseTail(store, live, auditLog, lastSequence(store), true);
        long ms = Math.max(1, interval.toMillis());
        tail.timer.scheduleWithFixedDelay(tail::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
        return tail;
    }

    /** Without a thread: the caller drives {@link #tick()} (tests). */
    static DatabaseTail manual(FleetStore store, LiveEvents live) {
        return new DatabaseTail(store, live, Optional.empty(), lastSequence(store), false);
    }

    private static long newestAuditId(AuditLog log) {
        return log.query(AuditQuery.latest(1)).stream()
                .mapToLong(AuditEntry::id)
                .max()
                .orElse(0);
    }

    private static long lastSequence(FleetStore store) {
        return store.read((FleetTransaction tx) -> tx.deployments().lastEventSequence());
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The database may be busy or briefly unreachable; the next tick reads from the same place.
            LOG.log(Level.WARNING, "reading new deployment events failed (will retry): {0}", e.toString());
        }
    }

    /** Publishes the foreign events read last time, then reads the new ones. */
    synchronized void tick() {
        List<DeploymentEvent> due = pending;
        for (DeploymentEvent e : due) {
            if (!live.claimedHere(e.sequence())) {
                Optional<Deployment> d =
                        store.read((FleetTransaction tx) -> tx.deployments().find(e.deploymentId()));
                d.ifPresent(deployment -> live.publishForeign(new DeploymentChange(deployment, e)));
            }
        }
        if (!due.isEmpty()) {
            live.forgetUpTo(due.getLast().sequence());
        }
        List<DeploymentEvent> fresh = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            long after = readUpTo;
            List<DeploymentEvent> batch =
                    store.read((FleetTransaction tx) -> tx.deployments().eventsAfter(after, PAGE));
            fresh.addAll(batch);
            if (!batch.isEmpty()) {
                readUpTo = batch.getLast().sequence();
            }
            if (batch.size() < PAGE) {
                break;
            }
        }
        pending = fresh;
        auditLog.ifPresent(this::refreshOnCommandLineChanges);
    }

    private void refreshOnCommandLineChanges(AuditLog log) {
        List<AuditEntry> newest = log.query(AuditQuery.latest(AUDIT_PAGE));
        List<String> cli = new ArrayList<>();
        long seen = auditSeenUpTo;
        for (AuditEntry e : newest) {
            if (e.id() > auditSeenUpTo) {
                seen = Math.max(seen, e.id());
                if (e.actor().startsWith(CLI_ACTOR_PREFIX)) {
                    cli.add((e.action() + " " + e.target()).strip());
                }
            }
        }
        auditSeenUpTo = seen;
        if (!cli.isEmpty()) {
            live.refresh("changed from the command line: " + String.join(", ", cli.reversed()));
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
