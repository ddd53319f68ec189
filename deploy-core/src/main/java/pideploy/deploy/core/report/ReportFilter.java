package pideploy.deploy.core.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Which deployments a report covers: those started in {@code [from, to)}, optionally of one venue and one product.
 *
 * @param from    first instant covered (inclusive)
 * @param to      end of the period (exclusive)
 * @param venue   only this venue, when present
 * @param product only this product, when present
 */
public record ReportFilter(Instant from, Instant to, Optional<VenueCode> venue, Optional<ProductCode> product) {
    /** The longest period one report covers: a year and a day, so a daily chart stays a chart. */
    public static final Duration MAX_PERIOD = Duration.ofDays(366);
    /** The period when none is named: the last 30 days. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    public ReportFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to must be after from, got from=%s to=%s".formatted(from, to));
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("a report covers at most %d days, got from=%s to=%s; narrow the period"
                    .formatted(MAX_PERIOD.toDays(), from, to));
        }
    }

    /**
     * The filter an operator means when some parts are left out: {@code to} defaults to {@code now}, {@code from} to
     * {@link #DEFAULT_PERIOD} before {@code to}.
     */
    public static ReportFilter of(
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<VenueCode> venue,
            Optional<ProductCode> product,
            Instant now) {
        Instant end = to.orElse(now);
        Instant start = from.orElseGet(() -> end.minus(DEFAULT_PERIOD));
        return new ReportFilter(start, end, venue, product);
    }

    /** True if {@code fact} is inside the period and scope. */
    public boolean matches(DeploymentFact fact) {
        return !fact.startedAt().isBefore(from)
                && fact.startedAt().isBefore(to)
                && venue.map(fact.venue()::equals).orElse(true)
                && product.map(fact.product()::equals).orElse(true);
    }
}
