package pideploy.deploy.http.helidon.manage;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentPage;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.view.Views;
import pideploy.deploy.http.helidon.view.Views.DeploymentView;

/** Deployments: filtered pages, CSV export, one deployment, its history, and those not confirmed by a boot. */
public final class DeploymentApi {
    /** The CSV columns, in order; also the names of {@link DeploymentView}'s JSON fields. */
    public static final List<String> CSV_COLUMNS = List.of(
            "id",
            "hostname",
            "serial",
            "mac",
            "client_ip",
            "product",
            "venue",
            "image_version",
            "batch",
            "status",
            "bytes_done",
            "bytes_total",
            "started_at",
            "updated_at",
            "finished_at",
            "booted_at",
            "message",
            "error_message",
            "failure_step",
            "card_cid",
            "card_name",
            "card_manfid",
            "write_rate");

    private static final int CSV_MAX_ROWS = 1_000_000;

    private final DeployCore core;

    public DeploymentApi(DeployCore core) {
        this.core = core;
    }

    /** {@code GET /api/v1/deployments?venue=&product=&status=&hostname=&serial=&from=&to=&limit=&offset=&format=}. */
    public void list(ServerRequest req, ServerResponse res) {
        String format = Params.query(req, "format", 8).orElse("json");
        DeploymentFilter filter = filter(req);
        switch (format) {
            case "json" -> {
                DeploymentPage page = core.findDeployments().find(filter);
                Json.send(
                        res,
                        new Views.Page<>(
                                page.items().stream().map(DeploymentView::of).toList(),
                                page.total(),
                                filter.limit(),
                                filter.offset()));
            }
            case "csv" -> csv(res, filter);
            default -> throw ApiProblem.invalidField("format", "must be json or csv, was '%s'".formatted(format));
        }
    }

    public void notConfirmed(ServerRequest req, ServerResponse res) {
        Json.send(
                res,
                core.listUnconfirmedDeployments().list().stream()
                        .map(DeploymentView::of)
                        .toList());
    }

    public void one(ServerRequest req, ServerResponse res) {
        DeploymentId id = Params.path(req, "id", DeploymentId::parse);
        var h = core.findDeployments()
                .history(id)
                .orElseThrow(() -> ApiProblem.notFound("deployment %s does not exist".formatted(id)));
        Json.send(res, DeploymentView.of(h.deployment()));
    }

    public void history(ServerRequest req, ServerResponse res) {
        DeploymentId id = Params.path(req, "id", DeploymentId::parse);
        var h = core.findDeployments()
                .history(id)
                .orElseThrow(() -> ApiProblem.notFound("deployment %s does not exist".formatted(id)));
        Json.send(
                res,
                new Views.HistoryView(
                        DeploymentView.of(h.deployment()),
                        h.events().stream().map(Views.EventView::of).toList()));
    }

    /**
     * {@code GET /api/v1/devices/{serial}}: the hostname the device holds now (null once released), when it was first
     * and last seen, and every deployment of it, newest first.
     */
    public record DeviceView(
            String serial,
            String mac,
            String hostname,
            Instant firstSeen,
            Instant lastSeen,
            List<DeploymentView> deployments) {}

    public void device(ServerRequest req, ServerResponse res) {
        SerialNumber serial = Params.path(req, "serial", SerialNumber::of);
        var found = core.findDeployments()
                .device(serial)
                .orElseThrow(
                        () -> ApiProblem.notFound("no device with serial %s has asked this server".formatted(serial)));
        var device = found.device();
        Json.send(
                res,
                new DeviceView(
                        serial.toString(),
                        device.flatMap(d -> d.mac()).map(Object::toString).orElse(null),
                        device.flatMap(d -> d.hostname()).map(Hostname::value).orElse(null),
                        device.map(d -> d.firstSeen()).orElse(null),
                        device.map(d -> d.lastSeen()).orElse(null),
                        found.deployments().stream().map(DeploymentView::of).toList()));
    }

    private static DeploymentFilter filter(ServerRequest req) {
        int limit = Params.intQuery(req, "limit", 100, 1, DeploymentFilter.MAX_LIMIT);
        int offset = Params.intQuery(req, "offset", 0, 0, Integer.MAX_VALUE);
        DeploymentFilter f = DeploymentFilter.all(limit).page(limit, offset);
        Optional<VenueCode> venue = Params.query(req, "venue", 4, VenueCode::of);
        Optional<ProductCode> product = Params.query(req, "product", 16, ProductCode::of);
        Optional<DeploymentStatus> status = Params.query(req, "status", 16, DeploymentStatus::parse);
        Optional<Hostname> hostname = Params.query(req, "hostname", 63, Hostname::of);
        Optional<SerialNumber> serial = Params.query(req, "serial", 64, SerialNumber::of);
        Optional<Instant> from = Params.instantQuery(req, "from");
        Optional<Instant> to = Params.instantQuery(req, "to");
        if (venue.isPresent()) {
            f = f.withVenue(venue.get());
        }
        if (product.isPresent()) {
            f = f.withProduct(product.get());
        }
        if (status.isPresent()) {
            f = f.withStatus(status.get());
        }
        if (hostname.isPresent()) {
            f = f.withHostname(hostname.get());
        }
        if (serial.isPresent()) {
            f = f.withSerial(serial.get());
        }
        if (from.isPresent() || to.isPresent()) {
            Instant a = from.orElse(Instant.EPOCH);
            // Far enough, and inside what the store can hold (nanoseconds since 1970 in a long end in 2262).
            Instant b = to.orElse(Instant.parse("2200-01-01T00:00:00Z"));
            if (b.isBefore(a)) {
                throw ApiProblem.invalidField("to", "must not be before 'from'");
            }
            f = f.between(a, b);
        }
        return f;
    }

    /** Streams every matching deployment as CSV, page by page, so memory stays flat whatever the fleet size. */
    private void csv(ServerResponse res, DeploymentFilter filter) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"deployments.csv\"");
        try (OutputStream out = res.outputStream();
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write(String.join(",", CSV_COLUMNS));
            w.write("\r\n");
            int offset = 0;
            int rows = 0;
            while (rows < CSV_MAX_ROWS) {
                DeploymentPage page = core.findDeployments().find(filter.page(DeploymentFilter.MAX_LIMIT, offset));
                for (var d : page.items()) {
                    w.write(csvRow(DeploymentView.of(d)));
                    rows++;
                }
                if (page.items().size() < DeploymentFilter.MAX_LIMIT) {
                    break;
                }
                offset += page.items().size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String csvRow(DeploymentView d) {
        Object[] v = {
            d.id(),
            d.hostname(),
            d.serial(),
            d.mac(),
            d.clientIp(),
            d.product(),
            d.venue(),
            d.imageVersion(),
            d.batch(),
            d.status(),
            d.bytesDone(),
            d.bytesTotal(),
            d.startedAt(),
            d.updatedAt(),
            d.finishedAt(),
            d.bootedAt(),
            d.message(),
            d.errorMessage(),
            d.failureStep(),
            d.cardCid(),
            d.cardName(),
            d.cardManfid(),
            d.writeRate()
        };
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csvCell(v[i]));
        }
        return b.append("\r\n").toString();
    }

    /**
     * RFC 4180 quoting, plus a leading apostrophe for text a spreadsheet would run as a formula: device messages are
     * untrusted input and end up in operators' spreadsheets.
     */
    public static String csvCell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && !(value instanceof Number) && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
