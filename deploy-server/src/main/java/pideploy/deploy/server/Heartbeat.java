package pideploy.deploy.server;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.server.FleetServer;
import pideploy.deploy.core.server.ServerName;

/**
 * This server's heartbeat in the fleet's server list (ADR-0098): one at start, then every {@link #INTERVAL}. A beat
 * that replaces another run's entry whose last beat is recent means two running servers share a name: that is logged,
 * once per such run, with what to do.
 */
final class Heartbeat implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final ServerRegistry registry;
    private final Clock clock;
    private final FleetServer self;
    private final ScheduledExecutorService timer;
    private String warnedAbout = "";

    private Heartbeat(ServerRegistry registry, Clock clock, FleetServer self) {
        this.registry = registry;
        this.clock = clock;
        this.self = self;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pideploy-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Beats once now (a failure there stops the start, like any database failure) and then on a timer. */
    static Heartbeat start(ServerRegistry registry, Clock clock, ServerName name, String deviceUrl, Instant startedAt) {
        FleetServer self =
                new FleetServer(name, UUID.randomUUID().toString(), Version.VALUE, deviceUrl, startedAt, startedAt);
        Heartbeat h = new Heartbeat(registry, clock, self);
        h.beat();
        long ms = INTERVAL.toMillis();
        h.timer.scheduleWithFixedDelay(h::beatSafely, ms, ms, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "in the fleet as server {0} (instance {1})", name, self.instance());
        return h;
    }

    FleetServer self() {
        return self;
    }

    void beat() {
        Instant now = clock.instant();
        Optional<FleetServer> before = registry.heartbeat(self.beatAt(now));
        before.filter(b -> !b.instance().equals(self.instance()))
                .filter(b -> b.heartbeatAt().isAfter(now.minus(INTERVAL.multipliedBy(3))))
                .filter(b -> !b.instance().equals(warnedAbout))
                .ifPresent(b -> {
                    warnedAbout = b.instance();
                    LOG.log(
                            Level.WARNING,
                            "another running server also calls itself {0} (instance {1}, last heartbeat {2}); give "
                                    + "each server of the fleet its own --server-name (PIDEPLOY_SERVER_NAME)",
                            self.name(),
                            b.instance(),
                            b.heartbeatAt());
                });
    }

    private void beatSafely() {
        try {
            beat();
        } catch (StorageException e) {
            LOG.log(Level.WARNING, "heartbeat not recorded (will retry): {0}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "heartbeat failed (will retry): {0}", e.toString());
        }
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
