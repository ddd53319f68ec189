package pideploy.deploy.server.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.report.Report;
import pideploy.deploy.core.report.ReportKind;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.manage.ReportApi;
import pideploy.deploy.server.Fleet;

/** {@code pideploy report NAME [--from T] [--to T] [--venue V] [--product P] [--csv]}: the API's reports. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Print a report over a period (default: the last 30 days; at most 366).",
            "NAME: deployments-per-day, venues, products, failures, card-models, time-to-first-boot."
        })
public final class ReportCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--from", paramLabel = "T", description = "First instant, ISO-8601 (2026-11-01T00:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the period (exclusive), ISO-8601; default now.")
    String to;

    @Option(names = "--venue", paramLabel = "V")
    String venue;

    @Option(names = "--product", paramLabel = "P")
    String product;

    @Option(names = "--csv", description = "CSV (the same as the API's text/csv) instead of a table.")
    boolean csv;

    @Override
    void run(Fleet fleet) {
        ReportKind kind = parse("report name", name, ReportKind::parse);
        Optional<VenueCode> venueCode = Optional.ofNullable(venue).map(s -> parse("venue code", s, VenueCode::of));
        Optional<ProductCode> productCode =
                Optional.ofNullable(product).map(s -> parse("product code", s, ProductCode::of));
        Optional<Instant> start = instant("--from", from);
        Optional<Instant> end = instant("--to", to);
        Report report =
                parse("period", "", x -> fleet.core().buildReport().build(kind, start, end, venueCode, productCode));
        if (csv) {
            out().print(ReportApi.csv(report));
            return;
        }
        out().printf(
                        "%s from %s to %s%n",
                        kind.wireName(), report.filter().from(), report.filter().to());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : ReportApi.view(report).rows()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            // People read rates and seconds to three places; CSV and JSON keep every digit.
            row.forEach((k, v) -> shown.put(k, v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
            rows.add(shown);
        }
        Output.table(out(), rows, report.columns());
    }

    private static Optional<Instant> instant(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "%s must be an ISO-8601 instant like 2026-11-01T00:00:00Z, got '%s'".formatted(option, value), e);
        }
    }
}
