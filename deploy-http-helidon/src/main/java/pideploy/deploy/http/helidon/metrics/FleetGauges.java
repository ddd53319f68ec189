package pideploy.deploy.http.helidon.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.usecase.FleetSummary;

/**
 * Gauges of the fleet: hostnames per venue, product and pool state, and deployments per status (ADR-0050).
 *
 * <p>The figures come from one read of the fleet summary, made at most once per {@code maxAge} and only when a scrape
 * asks: however many scrapers there are, the database sees a few grouped counts every few seconds, and nothing on a
 * device's request path reads or writes a gauge. The gauges' functions only read the last snapshot.
 */
final class FleetGauges {
    private static final System.Logger LOG = System.getLogger(FleetGauges.class.getName());
    static final String POOL_STATE_AVAILABLE = "available";
    static final String POOL_STATE_ASSIGNED = "assigned";
    static final String POOL_STATE_RETIRED = "retired";

    private record PoolKey(String venue, String product, String state) {}

    private record Snapshot(
            Map<PoolKey, Long> pools, Map<DeploymentStatus, Long> deployments, long stalled, Instant readAt) {}

    private final Supplier<FleetSummary> source;
    private final Duration maxAge;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final Set<PoolKey> registered = new HashSet<>();
    private volatile Snapshot snapshot;
    private boolean lastReadFailed;

    FleetGauges(Supplier<FleetSummary> source, Duration maxAge, InstantSource clock, MeterRegistry registry) {
        this.source = Objects.requireNonNull(source, "source");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.snapshot = new Snapshot(Map.of(), new EnumMap<>(DeploymentStatus.class), 0, Instant.MIN);
        // Every status from the start, so a dashboard's query has a series (0) before the first deployment.
        for (DeploymentStatus s : DeploymentStatus.values()) {
            Gauge.builder(
                            "pideploy.deployments",
                            this,
                            g -> g.snapshot.deployments().getOrDefault(s, 0L))
                    .tag("status", s.wireName())
                    .description("Deployments recorded, by status (read at most every few seconds)")
                    .register(registry);
        }
        Gauge.builder("pideploy.deployments.stalled", this, g -> g.snapshot.stalled())
                .description("Deployments in flight without a report for the stall time (ADR-0084; read at most every"
                        + " few seconds)")
                .register(registry);
    }

    /** Reads the fleet again if the last read is older than {@code maxAge}; called by a scrape, before it renders. */
    synchronized void refreshIfStale() {
        Instant now = clock.instant();
        if (snapshot.readAt().plus(maxAge).isAfter(now)) {
            return;
        }
        FleetSummary summary;
        try {
            summary = source.get();
        } catch (RuntimeException e) {
            // The gauges keep the last figures; the database's own health check says what is wrong.
            if (!lastReadFailed) {
                LOG.log(
                        Level.WARNING,
                        "metrics: cannot read the fleet for the pool and deployment gauges "
                                + "(showing the last figures): {0}",
                        e.toString());
            }
            lastReadFailed = true;
            return;
        }
        lastReadFailed = false;
        Map<PoolKey, Long> pools = new HashMap<>();
        for (FleetSummary.VenueSummary v : summary.venues()) {
            for (PoolCounts c : v.pools()) {
                pools.put(new PoolKey(c.venue().value(), c.product().value(), POOL_STATE_AVAILABLE), (long)
                        c.available());
                pools.put(
                        new PoolKey(c.venue().value(), c.product().value(), POOL_STATE_ASSIGNED), (long) c.assigned());
                pools.put(new PoolKey(c.venue().value(), c.product().value(), POOL_STATE_RETIRED), (long) c.retired());
            }
        }
        // Every deployment has a product, so the products' counts add up to all deployments.
        Map<DeploymentStatus, Long> deployments = new EnumMap<>(DeploymentStatus.class);
        for (FleetSummary.ProductSummary p : summary.products()) {
            p.deployments().forEach((status, n) -> deployments.merge(status, n, Long::sum));
        }
        snapshot = new Snapshot(Map.copyOf(pools), deployments, summary.stalled(), now);
        for (PoolKey key : pools.keySet()) {
            if (registered.add(key)) {
                Gauge.builder(
                                "pideploy.pool.hostnames",
                                this,
                                g -> g.snapshot.pools().getOrDefault(key, 0L))
                        .tag("venue", key.venue())
                        .tag("product", key.product())
                        .tag("state", key.state())
                        .description("Hostnames of a venue's pool for a product, by state (read at most every "
                                + "few seconds)")
                        .register(registry);
            }
        }
    }
}
