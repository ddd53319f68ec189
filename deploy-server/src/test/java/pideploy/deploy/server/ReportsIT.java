package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Reports over a real server and SQLite file (ADR-0057), seeded only through the device API: three Pis, two that
 * succeed after 100 s and 300 s (one phones home 40 s later), one whose write fails on another card model.
 */
class ReportsIT {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

    private static final String SANDISK = """
            "card_cid":"035344534531323880a1b2c3d4015e00","card_name":"SE128","card_manfid":"0x000003\"""";
    private static final String SAMSUNG = """
            "card_cid":"1b534d454231515430ab12cd34016500","card_name":"EB1QT","card_manfid":"0x00001b\"""";

    private long config(Fixture f, String serial) throws Exception {
        HttpResponse<String> r = f.postDevice("/api/config", Fixture.config(serial));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Fixture.json(r).get("deployment_id").asLong();
    }

    private void status(Fixture f, long id, String fields) throws Exception {
        HttpResponse<String> r = f.postDevice("/api/status", "{\"deployment_id\":%d,%s}".formatted(id, fields));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private Fixture seededRun() throws Exception {
        Fixture f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock).seeded();
        long a = config(f, "10000000aaaa0001");
        long b = config(f, "10000000aaaa0002");
        long c = config(f, "10000000aaaa0003");
        clock.advance(Duration.ofSeconds(60));
        status(
                f,
                c,
                "\"status\":\"failed\",\"step\":\"write\",\"error_message\":\"I/O error\"," + SAMSUNG
                        + ",\"write_rate\":4e6");
        clock.advance(Duration.ofSeconds(40));
        status(f, a, "\"status\":\"success\"," + SANDISK + ",\"write_rate\":2.5e7");
        clock.advance(Duration.ofSeconds(40));
        status(f, a, "\"status\":\"booted\"");
        clock.advance(Duration.ofSeconds(160));
        status(f, b, "\"status\":\"success\"," + SAMSUNG + ",\"write_rate\":1e7");
        clock.advance(Duration.ofMinutes(5));
        return f;
    }

    private static HttpResponse<String> get(Fixture f, String path, String accept) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(f.admin(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", Fixture.basic())
                        .header("Accept", accept)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode row(JsonNode report, String column, String value) {
        for (JsonNode r : report.get("rows")) {
            if (r.get(column).asText().equals(value)) {
                return r;
            }
        }
        throw new AssertionError("no row with %s=%s in %s".formatted(column, value, report));
    }

    @Test
    void venueReportGivesSuccessRateMedianAndP95FromDeviceReports() throws Exception {
        try (Fixture f = seededRun()) {
            HttpResponse<String> r = f.getAdmin("/api/v1/reports/venues?venue=CORO");

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode report = Fixture.json(r);
            assertThat(report.get("report").asText()).isEqualTo("venues");
            assertThat(report.get("to").asText()).isEqualTo("2026-12-03T10:10:00Z");
            JsonNode coro = row(report, "venue", "CORO");
            assertThat(coro.get("deployments").asLong()).isEqualTo(3);
            assertThat(coro.get("succeeded").asLong()).isEqualTo(2);
            assertThat(coro.get("failed").asLong()).isEqualTo(1);
            assertThat(coro.get("success_rate").asDouble())
                    .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(coro.get("median_seconds").asDouble()).isEqualTo(200.0);
            assertThat(coro.get("p95_seconds").asDouble()).isEqualTo(300.0);
        }
    }

    @Test
    void failuresCardModelsAndFirstBootComeFromTheRecordedCardIdentity() throws Exception {
        try (Fixture f = seededRun()) {
            JsonNode failures = Fixture.json(f.getAdmin("/api/v1/reports/failures"));
            assertThat(row(failures, "key", "write").get("failures").asLong()).isEqualTo(1);
            assertThat(row(failures, "key", "0x00001b/EB1QT").get("group").asText())
                    .isEqualTo("card_model");

            JsonNode cards = Fixture.json(f.getAdmin("/api/v1/reports/card-models"));
            JsonNode samsung = row(cards, "model", "0x00001b/EB1QT");
            assertThat(samsung.get("deployments").asLong()).isEqualTo(2);
            assertThat(samsung.get("failure_rate").asDouble()).isEqualTo(0.5);
            assertThat(samsung.get("median_write_rate").asDouble()).isEqualTo(7e6);
            assertThat(samsung.get("slowest_write_rate").asDouble()).isEqualTo(4e6);

            JsonNode boot = Fixture.json(f.getAdmin("/api/v1/reports/time-to-first-boot"));
            JsonNode kxp2 = row(boot, "product", "KXP2");
            assertThat(kxp2.get("succeeded").asLong()).isEqualTo(2);
            assertThat(kxp2.get("booted").asLong()).isEqualTo(1);
            assertThat(kxp2.get("median_seconds").asDouble()).isEqualTo(40.0);
        }
    }

    @Test
    void csvByAcceptHeaderOrFormatParsesToTheSameFigures() throws Exception {
        try (Fixture f = seededRun()) {
            HttpResponse<String> byHeader = get(f, "/api/v1/reports/products", "text/csv");
            HttpResponse<String> byParam = f.getAdmin("/api/v1/reports/products?format=csv");

            assertThat(byHeader.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(byHeader.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"products.csv\"");
            assertThat(byParam.body()).isEqualTo(byHeader.body());
            List<List<String>> lines = Arrays.stream(byHeader.body().split("\r\n"))
                    .map(l -> List.of(l.split(",", -1)))
                    .toList();
            assertThat(lines.getFirst())
                    .containsExactly(
                            "product",
                            "deployments",
                            "succeeded",
                            "failed",
                            "in_flight",
                            "success_rate",
                            "median_seconds",
                            "p95_seconds");
            List<String> kxp2 = lines.stream()
                    .filter(l -> l.getFirst().equals("KXP2"))
                    .findFirst()
                    .orElseThrow();
            assertThat(kxp2.subList(1, 5)).containsExactly("3", "2", "1", "0");
            assertThat(Double.parseDouble(kxp2.get(6))).isEqualTo(200.0);

            List<String> days = Arrays.asList(f.getAdmin("/api/v1/reports/deployments-per-day?format=csv"
                            + "&from=2026-12-02T00:00:00Z&to=2026-12-04T00:00:00Z")
                    .body()
                    .split("\r\n"));
            assertThat(days)
                    .containsExactly(
                            "day,succeeded,failed,in_flight,total", "2026-12-02,0,0,0,0", "2026-12-03,2,1,0,3");
        }
    }

    @Test
    void badReportNamesAndPeriodsAre400sNamingTheFix() throws Exception {
        try (Fixture f = seededRun()) {
            HttpResponse<String> unknown = f.getAdmin("/api/v1/reports/weather");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("deployments-per-day").contains("weather");

            HttpResponse<String> reversed =
                    f.getAdmin("/api/v1/reports/venues?from=2026-12-03T00:00:00Z&to=2026-12-01T00:00:00Z");
            assertThat(reversed.statusCode()).isEqualTo(400);
            assertThat(reversed.body()).contains("to must be after from");

            HttpResponse<String> tooLong = f.getAdmin("/api/v1/reports/venues?from=2024-01-01T00:00:00Z");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).contains("at most 366 days");

            HttpResponse<String> badVenue = f.getAdmin("/api/v1/reports/venues?venue=TOOLONG");
            assertThat(badVenue.statusCode()).isEqualTo(400);
            assertThat(badVenue.body()).contains("venue");
        }
    }

    @Test
    void aViewerMayReadReportsAndTheDevicePage() throws Exception {
        try (Fixture f = seededRun()) {
            String password = "viewer-password-long-1";
            HttpResponse<String> added = f.sendAdmin(
                    "POST",
                    "/api/v1/users",
                    "{\"username\":\"vera\",\"password\":\"%s\",\"role\":\"viewer\"}".formatted(password));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            String basic = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString(("vera:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));

            for (String path : List.of(
                    "/api/v1/reports/venues",
                    "/api/v1/reports/card-models?format=csv",
                    "/api/v1/devices/10000000aaaa0001")) {
                HttpResponse<String> r = f.http.send(
                        HttpRequest.newBuilder(f.admin(path))
                                .header("Authorization", basic)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void devicePageGivesTheHeldHostnameAndEveryDeploymentWithItsCard() throws Exception {
        try (Fixture f = seededRun()) {
            JsonNode device = Fixture.json(f.getAdmin("/api/v1/devices/10000000aaaa0001"));
            assertThat(device.get("hostname").asText()).isEqualTo("KXP2-CORO-001");
            assertThat(device.get("deployments")).hasSize(1);
            JsonNode d = device.get("deployments").get(0);
            assertThat(d.get("status").asText()).isEqualTo("booted");
            assertThat(d.get("card_name").asText()).isEqualTo("SE128");
            assertThat(d.get("card_manfid").asText()).isEqualTo("0x000003");
            assertThat(d.get("write_rate").asDouble()).isEqualTo(2.5e7);

            HttpResponse<String> unknown = f.getAdmin("/api/v1/devices/10000000ffffffff");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("10000000ffffffff");
            assertThat(f.getAdmin("/api/v1/devices/not-a-serial!").statusCode()).isEqualTo(400);
        }
    }
}
