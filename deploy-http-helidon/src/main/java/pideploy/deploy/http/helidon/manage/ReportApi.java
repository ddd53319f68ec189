package pideploy.deploy.http.helidon.manage;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.report.Cell;
import pideploy.deploy.core.report.Report;
import pideploy.deploy.core.report.ReportKind;
import pideploy.deploy.core.usecase.BuildReport;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;

/** {@code GET /api/v1/reports/{name}?from=&to=&venue=&product=&format=}: one report as JSON or CSV (ADR-0057). */
public final class ReportApi {
    private final BuildReport reports;

    public ReportApi(BuildReport reports) {
        this.reports = reports;
    }

    /** JSON: what was asked, the columns, and rows as objects keyed by column; CSV with {@code ?format=csv} or Accept. */
    public record ReportView(
            String report,
            Instant from,
            Instant to,
            String venue,
            String product,
            List<String> columns,
            List<Map<String, Object>> rows) {}

    public void report(ServerRequest req, ServerResponse res) {
        ReportKind kind = Params.path(req, "name", ReportKind::parse);
        boolean csv = switch (Params.query(req, "format", 8).orElse("")) {
            case "csv" -> true;
            case "json" -> false;
            case "" ->
                req.headers()
                        .first(HeaderNames.ACCEPT)
                        .map(a -> a.contains("text/csv"))
                        .orElse(false);
            default -> throw ApiProblem.invalidField("format", "must be json or csv");
        };
        Optional<Instant> from = Params.instantQuery(req, "from");
        Optional<Instant> to = Params.instantQuery(req, "to");
        Optional<VenueCode> venue = Params.query(req, "venue", 4, VenueCode::of);
        Optional<ProductCode> product = Params.query(req, "product", 16, ProductCode::of);
        Report report;
        try {
            report = reports.build(kind, from, to, venue, product);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        if (csv) {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"%s.csv\"".formatted(kind.wireName()));
            res.send(csv(report));
        } else {
            Json.send(res, view(report));
        }
    }

    public static ReportView view(Report r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Cell> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                m.put(r.columns().get(i), value(row.get(i)));
            }
            rows.add(m);
        }
        return new ReportView(
                r.kind().wireName(),
                r.filter().from(),
                r.filter().to(),
                r.filter().venue().map(VenueCode::value).orElse(null),
                r.filter().product().map(ProductCode::value).orElse(null),
                r.columns(),
                rows);
    }

    /** RFC 4180 lines, header first, with the same quoting as the deployments export. */
    public static String csv(Report r) {
        StringBuilder b = new StringBuilder(String.join(",", r.columns())).append("\r\n");
        for (List<Cell> row : r.rows()) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(DeploymentApi.csvCell(value(row.get(i))));
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    private static Object value(Cell c) {
        return switch (c) {
            case Cell.Text t -> t.value();
            case Cell.Whole w -> w.value();
            case Cell.Decimal d -> d.value();
            case Cell.Empty e -> null;
        };
    }
}
