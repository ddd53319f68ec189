package pideploy.deploy.core.usecase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import pideploy.deploy.core.deployment.CardIdentity;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.report.Cell;
import pideploy.deploy.core.report.DeploymentFact;
import pideploy.deploy.core.report.Report;
import pideploy.deploy.core.report.ReportFilter;
import pideploy.deploy.core.report.ReportKind;
import pideploy.deploy.core.report.Statistics;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Builds one report from the facts of the deployments a filter covers. The store only filters; grouping, rates,
 * medians and percentiles happen here so every store gives the same figures (ADR-0057).
 */
public final class BuildReport {
    /** A card model that did not say what it is (no card reported, or an empty CID). */
    public static final String UNKNOWN = "unknown";

    private final FleetStore store;
    private final Clock clock;

    public BuildReport(FleetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The report over the named period and scope; a missing end is now, a missing start
     * {@link ReportFilter#DEFAULT_PERIOD} before the end.
     *
     * @throws IllegalArgumentException if the period is empty, reversed or longer than {@link ReportFilter#MAX_PERIOD}
     */
    public Report build(
            ReportKind kind,
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<VenueCode> venue,
            Optional<ProductCode> product) {
        return build(kind, ReportFilter.of(from, to, venue, product, clock.instant()));
    }

    public Report build(ReportKind kind, ReportFilter filter) {
        List<DeploymentFact> facts = store.read(tx -> tx.reports().deployments(filter));
        return switch (kind) {
            case DEPLOYMENTS_PER_DAY -> perDay(filter, facts);
            case VENUES -> outcomes(kind, filter, "venue", facts, f -> f.venue().value());
            case PRODUCTS ->
                outcomes(kind, filter, "product", facts, f -> f.product().value());
            case FAILURES -> failures(filter, facts);
            case CARD_MODELS -> cardModels(filter, facts);
            case TIME_TO_FIRST_BOOT -> firstBoot(filter, facts);
        };
    }

    /** Every UTC day of the period, days without deployments included, so a chart has no gaps. */
    private static Report perDay(ReportFilter filter, List<DeploymentFact> facts) {
        LocalDate first = LocalDate.ofInstant(filter.from(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(filter.to().minusNanos(1), ZoneOffset.UTC);
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.put(d, new long[3]);
        }
        for (DeploymentFact f : facts) {
            long[] c = days.get(LocalDate.ofInstant(f.startedAt(), ZoneOffset.UTC));
            c[f.succeeded() ? 0 : f.failed() ? 1 : 2]++;
        }
        List<List<Cell>> rows = new ArrayList<>();
        days.forEach((day, c) -> rows.add(
                List.of(text(day.toString()), whole(c[0]), whole(c[1]), whole(c[2]), whole(c[0] + c[1] + c[2]))));
        return new Report(
                ReportKind.DEPLOYMENTS_PER_DAY,
                filter,
                List.of("day", "succeeded", "failed", "in_flight", "total"),
                rows);
    }

    /** Success rate over finished deployments (in-flight ones are not counted either way); durations of successes. */
    private static Report outcomes(
            ReportKind kind,
            ReportFilter filter,
            String keyColumn,
            List<DeploymentFact> facts,
            Function<DeploymentFact, String> key) {
        Map<String, List<DeploymentFact>> groups =
                facts.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
        List<List<Cell>> rows = new ArrayList<>();
        groups.forEach((k, group) -> {
            long succeeded = group.stream().filter(DeploymentFact::succeeded).count();
            long failed = group.stream().filter(DeploymentFact::failed).count();
            List<Double> seconds =
                    seconds(group.stream().flatMap(f -> f.duration().stream()).toList());
            rows.add(List.of(
                    text(k),
                    whole(group.size()),
                    whole(succeeded),
                    whole(failed),
                    whole(group.size() - succeeded - failed),
                    Cell.of(Statistics.ratio(succeeded, succeeded + failed)),
                    Cell.of(Statistics.median(seconds)),
                    Cell.of(Statistics.percentile(seconds, 95))));
        });
        return new Report(
                kind,
                filter,
                List.of(
                        keyColumn,
                        "deployments",
                        "succeeded",
                        "failed",
                        "in_flight",
                        "success_rate",
                        "median_seconds",
                        "p95_seconds"),
                rows);
    }

    /** Failures by step (in the installer's order), then by card model (most failures first). */
    private static Report failures(ReportFilter filter, List<DeploymentFact> facts) {
        List<DeploymentFact> failed =
                facts.stream().filter(DeploymentFact::failed).toList();
        Map<String, Long> bySteps = new LinkedHashMap<>();
        Map<FailureStep, Long> counted = new EnumMap<>(FailureStep.class);
        long unknownStep = 0;
        for (DeploymentFact f : failed) {
            if (f.failureStep().isPresent()) {
                counted.merge(f.failureStep().get(), 1L, Long::sum);
            } else {
                unknownStep++;
            }
        }
        counted.forEach((step, n) -> bySteps.put(step.wireName(), n));
        if (unknownStep > 0) {
            bySteps.put(UNKNOWN, unknownStep);
        }
        Map<String, Long> byModel = failed.stream()
                .collect(Collectors.groupingBy(BuildReport::modelKey, TreeMap::new, Collectors.counting()));
        List<List<Cell>> rows = new ArrayList<>();
        bySteps.forEach((step, n) -> rows.add(failureRow("step", step, n, failed.size())));
        byModel.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> rows.add(failureRow("card_model", e.getKey(), e.getValue(), failed.size())));
        return new Report(ReportKind.FAILURES, filter, List.of("group", "key", "failures", "share"), rows);
    }

    private static List<Cell> failureRow(String group, String key, long n, long total) {
        return List.of(text(group), text(key), whole(n), Cell.of(Statistics.ratio(n, total)));
    }

    /** Per card model (manufacturer id and product name from the CID), most deployments first. */
    private static Report cardModels(ReportFilter filter, List<DeploymentFact> facts) {
        Map<String, List<DeploymentFact>> groups =
                facts.stream().collect(Collectors.groupingBy(BuildReport::modelKey, TreeMap::new, Collectors.toList()));
        List<List<Cell>> rows = groups.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, List<DeploymentFact>>>comparingInt(
                                e -> e.getValue().size())
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(e -> {
                    List<DeploymentFact> group = e.getValue();
                    CardIdentity card = group.getFirst().card().orElse(new CardIdentity("", "", ""));
                    long failed = group.stream().filter(DeploymentFact::failed).count();
                    List<Double> rates = group.stream()
                            .filter(f -> f.writeRate().isPresent())
                            .map(f -> f.writeRate().getAsDouble())
                            .toList();
                    return List.of(
                            text(card.manfid()),
                            text(card.name()),
                            text(e.getKey()),
                            whole(group.size()),
                            whole(failed),
                            Cell.of(Statistics.ratio(failed, group.size())),
                            Cell.of(Statistics.median(rates)),
                            Cell.of(rates.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .min()));
                })
                .toList();
        return new Report(
                ReportKind.CARD_MODELS,
                filter,
                List.of(
                        "card_manfid",
                        "card_name",
                        "model",
                        "deployments",
                        "failed",
                        "failure_rate",
                        "median_write_rate",
                        "slowest_write_rate"),
                rows);
    }

    /** Per venue and product: how many succeeded, how many of those phoned home, and how long that took. */
    private static Report firstBoot(ReportFilter filter, List<DeploymentFact> facts) {
        Map<String, List<DeploymentFact>> groups = facts.stream()
                .filter(DeploymentFact::succeeded)
                .collect(Collectors.groupingBy(
                        f -> f.venue().value() + "\t" + f.product().value(), TreeMap::new, Collectors.toList()));
        List<List<Cell>> rows = new ArrayList<>();
        groups.forEach((k, group) -> {
            List<Double> seconds = seconds(
                    group.stream().flatMap(f -> f.timeToFirstBoot().stream()).toList());
            rows.add(List.of(
                    text(group.getFirst().venue().value()),
                    text(group.getFirst().product().value()),
                    whole(group.size()),
                    whole(seconds.size()),
                    Cell.of(Statistics.median(seconds)),
                    Cell.of(Statistics.percentile(seconds, 95))));
        });
        return new Report(
                ReportKind.TIME_TO_FIRST_BOOT,
                filter,
                List.of("venue", "product", "succeeded", "booted", "median_seconds", "p95_seconds"),
                rows);
    }

    /** {@code manfid/name}, or {@link #UNKNOWN} for a deployment that reported no card. */
    static String modelKey(DeploymentFact f) {
        return f.card()
                .filter(c -> !c.manfid().isEmpty() || !c.name().isEmpty())
                .map(c -> c.manfid() + "/" + c.name())
                .orElse(UNKNOWN);
    }

    private static List<Double> seconds(List<Duration> durations) {
        return durations.stream().map(d -> d.toNanos() / 1e9).toList();
    }

    private static Cell text(String s) {
        return new Cell.Text(s);
    }

    private static Cell whole(long n) {
        return new Cell.Whole(n);
    }
}
