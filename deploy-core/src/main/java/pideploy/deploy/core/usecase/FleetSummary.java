package pideploy.deploy.core.usecase;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Statistics per venue and per product.
 *
 * @param venues     every venue, ordered by code
 * @param products   every product, ordered by code
 * @param stalled    deployments in flight without a report for {@code stallAfter} or longer (ADR-0084)
 * @param stallAfter how long a deployment in flight may stay silent before it counts as stalled
 */
public record FleetSummary(
        List<VenueSummary> venues, List<ProductSummary> products, long stalled, java.time.Duration stallAfter) {
    public FleetSummary {
        venues = List.copyOf(venues);
        products = List.copyOf(products);
        java.util.Objects.requireNonNull(stallAfter, "stallAfter");
    }

    /** Nothing stalled, with the default stall time. */
    public FleetSummary(List<VenueSummary> venues, List<ProductSummary> products) {
        this(venues, products, 0, CoreSettings.DEFAULT_STALL_AFTER);
    }

    /**
     * @param venue       venue
     * @param deployments deployment attempts per status (every status present, zero when none)
     * @param pools       counts of the venue's pools, one per product that has entries
     */
    public record VenueSummary(VenueCode venue, Map<DeploymentStatus, Long> deployments, List<PoolCounts> pools) {
        public VenueSummary {
            deployments = Map.copyOf(deployments);
            pools = List.copyOf(pools);
        }
    }

    /**
     * @param product     product
     * @param deployments deployment attempts per status (every status present, zero when none)
     * @param activeImage version of its active image, if any
     */
    public record ProductSummary(
            ProductCode product, Map<DeploymentStatus, Long> deployments, Optional<ImageVersion> activeImage) {
        public ProductSummary {
            deployments = Map.copyOf(deployments);
        }
    }
}
