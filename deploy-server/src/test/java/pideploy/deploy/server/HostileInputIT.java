package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile input on every device endpoint of the real server: every answer is a 4xx with the JSON error
 * body, nothing is assigned or changed, and the server stays healthy.
 */
class HostileInputIT {
    @TempDir
    static java.nio.file.Path dir;

    static Fixture f;
    static long deploymentId;

    @BeforeAll
    static void start() throws Exception {
        f = new Fixture(dir).seeded();
        deploymentId = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000beef0001")))
                .get("deployment_id")
                .asLong();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static final List<String> BAD_STRINGS = List.of(
            "\"\\u0000\"",
            "\"CORO\\u200b\"",
            "\"\\uff23\\uff2f\\uff32\\uff2f\"",
            "\"\\u0421ORO\"",
            "\"CO\\u202eRO\"",
            "\"\\ud83d\\ude00\"",
            "\"" + "9".repeat(300) + "\"",
            "\"../../etc\"",
            "\"CORO; DROP TABLE venue\"",
            "12",
            "-1",
            "1e308",
            "true",
            "[]",
            "{}",
            "[\"CORO\"]",
            "{\"$ne\":1}",
            "\"\\ud800\"");

    @Test
    void everyConfigFieldRefusesHostileValues() throws Exception {
        for (String field : List.of("product_type", "venue_code", "serial_number", "mac_address")) {
            for (String bad : BAD_STRINGS) {
                String valid =
                        "\"serial_number\":\"10000000beef0002\",\"product_type\":\"KXP2\",\"venue_code\":\"CORO\","
                                .replaceFirst("\"" + field + "\":\"[^\"]*\",", "");
                String body = "{" + valid + "\"%s\":%s}".formatted(field, bad);
                HttpResponse<String> r = f.postDevice("/api/config", body);
                assertThat(r.statusCode())
                        .as("%s = %s -> %s", field, bad, r.body())
                        .isBetween(400, 499);
                assertThat(r.body()).as("%s = %s", field, bad).contains("\"error\"");
            }
        }
        assertThat(f.server.core().listPool().counts().get(0).assigned()).isEqualTo(1);
    }

    @Test
    void everyStatusFieldRefusesHostileValues() throws Exception {
        List<String> fields = List.of(
                "deployment_id",
                "status",
                "bytes_done",
                "bytes_total",
                "hostname",
                "serial",
                "mac_address",
                "step",
                "card_cid",
                "card_manfid",
                "write_rate");
        for (String field : fields) {
            for (String bad : BAD_STRINGS) {
                if (bad.equals("12")
                        && List.of("deployment_id", "bytes_done", "bytes_total", "write_rate")
                                .contains(field)) {
                    continue; // a valid number; unknown ids (404) are covered in DeviceApiIT
                }
                String base = "{\"deployment_id\":%d,\"status\":\"downloading\"".formatted(deploymentId);
                String body = field.equals("deployment_id")
                        ? "{\"status\":\"downloading\",\"deployment_id\":" + bad + "}"
                        : field.equals("status")
                                ? "{\"deployment_id\":%d,\"status\":%s}".formatted(deploymentId, bad)
                                : base + ",\"" + field + "\":" + bad + "}";
                HttpResponse<String> r = f.postDevice("/api/status", body);
                assertThat(r.statusCode())
                        .as("%s = %s -> %s", field, bad, r.body())
                        .isBetween(400, 499);
            }
        }
        HttpResponse<String> d = f.getAdmin("/api/v1/deployments/" + deploymentId);
        assertThat(Fixture.json(d).get("status").asText()).isEqualTo("started");
    }

    @Test
    void messagesMayBeAnyTextButNotControlCharacters() throws Exception {
        HttpResponse<String> ok = f.postDevice(
                "/api/status",
                ("{\"deployment_id\":%d,\"status\":\"started\"," + "\"message\":\"caf\\u00e9 \\u2713 =1+1\"}")
                        .formatted(deploymentId));
        assertThat(ok.statusCode()).isIn(200, 409);
        HttpResponse<String> nul = f.postDevice(
                "/api/status",
                ("{\"deployment_id\":%d,\"status\":\"started\"," + "\"message\":\"a\\u0000b\"}")
                        .formatted(deploymentId));
        assertThat(nul.statusCode()).isEqualTo(400);
        HttpResponse<String> longer = f.postDevice(
                "/api/status",
                ("{\"deployment_id\":%d,\"status\":\"started\"," + "\"error_message\":\"%s\"}")
                        .formatted(deploymentId, "x".repeat(2001)));
        assertThat(longer.statusCode()).isEqualTo(400);
        assertThat(longer.body()).contains("error_message");
    }

    @Test
    void malformedBodiesAndContentTypesAreRefused() throws Exception {
        for (String path : List.of("/api/config", "/api/status")) {
            for (String body : List.of(
                    "",
                    "not json",
                    "{\"a\":",
                    "[1,2]",
                    "\"x\"",
                    "{}{}",
                    "{\"serial_number\":\"" + "a".repeat(17_000) + "\"}")) {
                HttpResponse<String> r = f.postDevice(path, body);
                assertThat(r.statusCode())
                        .as("%s %s", path, body.length() > 30 ? body.substring(0, 30) : body)
                        .isIn(400, 413);
            }
            HttpResponse<String> xml = f.http.send(
                    HttpRequest.newBuilder(f.device(path))
                            .header("Content-Type", "application/xml")
                            .POST(HttpRequest.BodyPublishers.ofString("<a/>"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(xml.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void imageNamesWithTricksAreNotFound() throws Exception {
        for (String name : List.of(
                "..%2f..%2fpideploy.db",
                "%2e%2e", "pideploy.db", "images", "%00", "a%20b", "x".repeat(300), "%E2%80%AEgmi.img")) {
            HttpResponse<String> r = f.http.send(
                    HttpRequest.newBuilder(f.device("/images/" + name)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(name).isBetween(400, 404);
        }
    }

    @Test
    void theServerIsStillHealthyAfterwards() throws Exception {
        HttpResponse<String> r = f.http.send(
                HttpRequest.newBuilder(f.device("/health?x=%00&y=\u00e9")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(f.getAdmin("/metrics").body()).doesNotContain("status=\"500\"");
    }
}
