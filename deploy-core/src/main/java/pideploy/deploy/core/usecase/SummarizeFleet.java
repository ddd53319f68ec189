package pideploy.deploy.core.usecase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.StatusCount;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.venue.Venue;

/**
 * Venue and product statistics: deployments per status, pool fill, active image; and how many deployments in flight
 * have stalled (no report for the stall time, ADR-0084).
 */
public final class SummarizeFleet {
    private final FleetStore store;
    private final Clock clock;
    private final Duration stallAfter;

    public SummarizeFleet(FleetStore store, Clock clock, Duration stallAfter) {
        this.store = store;
        this.clock = clock;
        this.stallAfter = stallAfter;
    }

    /** The deployments in flight silent for the stall time or longer, longest silent first. */
    public List<Deployment> stalled() {
        return store.read(tx -> tx.deployments().inFlightIdleBefore(stalledBefore()));
    }

    private Instant stalledBefore() {
        return clock.instant().minus(stallAfter).plusNanos(1);
    }

    public Duration stallAfter() {
        return stallAfter;
    }

    public FleetSummary summarize() {
        return store.read(tx -> {
            List<StatusCount> counts = tx.deployments().statusCounts();
            List<PoolCounts> pools = tx.pool().allCounts();
            List<FleetSummary.VenueSummary> venues = new ArrayList<>();
            for (Venue v : tx.venues().list()) {
                Map<DeploymentStatus, Long> perStatus = zeroes();
                counts.stream()
                        .filter(c -> c.venue().equals(v.code()))
                        .forEach(c -> perStatus.merge(c.status(), c.count(), Long::sum));
                venues.add(new FleetSummary.VenueSummary(
                        v.code(),
                        perStatus,
                        pools.stream().filter(p -> p.venue().equals(v.code())).toList()));
            }
            List<FleetSummary.ProductSummary> products = new ArrayList<>();
            for (Product p : tx.products().list()) {
                Map<DeploymentStatus, Long> perStatus = zeroes();
                counts.stream()
                        .filter(c -> c.product().equals(p.code()))
                        .forEach(c -> perStatus.merge(c.status(), c.count(), Long::sum));
                products.add(new FleetSummary.ProductSummary(
                        p.code(), perStatus, tx.images().findActive(p.code()).map(MasterImage::version)));
            }
            long stalled = tx.deployments().inFlightIdleBefore(stalledBefore()).size();
            return new FleetSummary(venues, products, stalled, stallAfter);
        });
    }

    private static Map<DeploymentStatus, Long> zeroes() {
        Map<DeploymentStatus, Long> map = new EnumMap<>(DeploymentStatus.class);
        for (DeploymentStatus s : DeploymentStatus.values()) {
            map.put(s, 0L);
        }
        return map;
    }
}
