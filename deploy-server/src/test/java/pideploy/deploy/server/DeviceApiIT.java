package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.cli.DemoSeed;

/** The device API against a real server and SQLite file, field by field. */
class DeviceApiIT {
    @TempDir
    static java.nio.file.Path dir;

    static Fixture f;
    static byte[] image;

    @BeforeAll
    static void start() throws Exception {
        f = new Fixture(dir).seeded();
        try (InputStream in = DemoSeed.image()) {
            image = in.readAllBytes();
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void configAnswersEveryFieldOfTheOldApi() throws Exception {
        HttpResponse<String> r = f.postDevice("/api/config", Fixture.config("10000000aaaa0001"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode j = Fixture.json(r);
        assertThat(j.get("deployment_id").asLong()).isPositive();
        assertThat(j.get("hostname").asText()).matches("KXP2-CORO-0\\d\\d");
        assertThat(j.get("product_type").asText()).isEqualTo("KXP2");
        assertThat(j.get("venue_code").asText()).isEqualTo("CORO");
        assertThat(j.get("server_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("image_url").asText())
                .startsWith(f.server.deviceUrl() + "/images/")
                .endsWith(".img");
        assertThat(j.get("image_size").asLong()).isEqualTo(image.length);
        assertThat(j.get("image_checksum").asText()).isEqualTo(sha256(image));
        assertThat(j.get("image_version").asText()).isEqualTo("demo-1");
        assertThat(j.get("version").asText()).isEqualTo(Version.VALUE);
        assertThat(Instant.parse(j.get("timestamp").asText()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(j.get("customization_method").asText()).isIn("firstrun", "cloud-init");
    }

    @Test
    void aRetryGetsTheSameHostnameAndADifferentDeviceADifferentOne() throws Exception {
        JsonNode first = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0002")));
        JsonNode again = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0002")));
        JsonNode other = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0003")));
        assertThat(again.get("hostname").asText())
                .isEqualTo(first.get("hostname").asText());
        assertThat(other.get("hostname").asText())
                .isNotEqualTo(first.get("hostname").asText());
        assertThat(first.get("new_hostname").asBoolean()).isTrue();
        assertThat(again.get("new_hostname").asBoolean()).isFalse();
    }

    @Test
    void theImageUrlServesExactlyTheRegisteredBytesAndRanges() throws Exception {
        JsonNode j = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0004")));
        URI url = URI.create(j.get("image_url").asText());
        HttpResponse<byte[]> all =
                f.http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(sha256(all.body())).isEqualTo(j.get("image_checksum").asText());
        assertThat(all.headers().firstValue("etag"))
                .hasValue("\"" + j.get("image_checksum").asText() + "\"");
        HttpResponse<byte[]> part = f.http.send(
                HttpRequest.newBuilder(url)
                        .header("Range", "bytes=4194304-4194815")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(image, 4194304, 4194816));
        HttpResponse<byte[]> head = f.http.send(
                HttpRequest.newBuilder(url)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(image.length));
    }

    @Test
    void statusMovesForwardAndRefusesBackwards() throws Exception {
        JsonNode j = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0005")));
        long id = j.get("deployment_id").asLong();
        String hostname = j.get("hostname").asText();
        for (String s : List.of("downloading", "verifying", "customizing", "success", "booted")) {
            HttpResponse<String> r = f.postDevice(
                    "/api/status",
                    "{\"deployment_id\":%d,\"status\":\"%s\",\"bytes_done\":10,\"bytes_total\":10}".formatted(id, s));
            assertThat(r.statusCode()).as(s).isEqualTo(200);
            JsonNode b = Fixture.json(r);
            assertThat(b.get("received").asBoolean()).isTrue();
            assertThat(b.get("hostname").asText()).isEqualTo(hostname);
        }
        HttpResponse<String> back =
                f.postDevice("/api/status", "{\"deployment_id\":%d,\"status\":\"downloading\"}".formatted(id));
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(back.body()).contains("INVALID_TRANSITION");
        JsonNode d = Fixture.json(f.getAdmin("/api/v1/deployments/" + id));
        assertThat(d.get("status").asText()).isEqualTo("booted");
    }

    @Test
    void failureIsRecordedWithStepAndCardAndRate() throws Exception {
        JsonNode j = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0006")));
        long id = j.get("deployment_id").asLong();
        HttpResponse<String> r = f.postDevice("/api/status", """
                {"deployment_id": %d, "status": "failed", "step": "verify", "error_message": "sha256 mismatch",
                 "card_cid": "035344534433324780", "card_name": "SD32G", "card_manfid": "0x000003", "write_rate": 2.5e7,
                 "bytes_done": 5, "bytes_total": 10}""".formatted(id));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = Fixture.json(f.getAdmin("/api/v1/deployments/" + id));
        assertThat(d.get("status").asText()).isEqualTo("failed");
        assertThat(d.get("failure_step").asText()).isEqualTo("verify");
        assertThat(d.get("error_message").asText()).isEqualTo("sha256 mismatch");
        assertThat(d.get("card_name").asText()).isEqualTo("SD32G");
        assertThat(d.get("write_rate").asDouble()).isEqualTo(2.5e7);
    }

    @Test
    void statusWithoutIdMeansTheSerialsLatestDeployment() throws Exception {
        JsonNode j = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0007")));
        HttpResponse<String> r =
                f.postDevice("/api/status", "{\"serial\":\"10000000aaaa0007\",\"status\":\"downloading\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Fixture.json(r).get("deployment_id").asLong())
                .isEqualTo(j.get("deployment_id").asLong());
    }

    @Test
    void unknownDeploymentsAndBadStatusesAreClientErrors() throws Exception {
        assertThat(f.postDevice("/api/status", "{\"deployment_id\":999999,\"status\":\"downloading\"}")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> bad = f.postDevice("/api/status", "{\"deployment_id\":1,\"status\":\"exploded\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("status");
        assertThat(f.postDevice("/api/status", "{\"status\":\"downloading\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void refusalsCarryTheirCodes() throws Exception {
        HttpResponse<String> product = f.postDevice(
                "/api/config",
                "{\"serial_number\":\"10000000aaaa0010\",\"product_type\":\"NOPE\",\"venue_code\":\"CORO\"}");
        assertThat(product.statusCode()).isEqualTo(422);
        assertThat(product.body()).contains("UNKNOWN_PRODUCT");
        HttpResponse<String> venue = f.postDevice(
                "/api/config",
                "{\"serial_number\":\"10000000aaaa0011\",\"product_type\":\"KXP2\",\"venue_code\":\"ZZZZ\"}");
        assertThat(venue.statusCode()).isEqualTo(422);
        assertThat(venue.body()).contains("UNKNOWN_VENUE");
        HttpResponse<String> noRule = f.postDevice("/api/config", "{\"serial_number\":\"10000000aaaa0012\"}");
        assertThat(noRule.statusCode()).isEqualTo(422);
        assertThat(noRule.body()).contains("NO_ASSIGNMENT_RULE");
        HttpResponse<String> noImage = f.postDevice(
                "/api/config",
                "{\"serial_number\":\"10000000aaaa0013\",\"product_type\":\"RXP2\",\"venue_code\":\"CORO\"}");
        assertThat(noImage.statusCode()).isEqualTo(409);
        assertThat(noImage.body()).contains("NO_ACTIVE_IMAGE");
    }

    @Test
    void healthReportsTheDatabase() throws Exception {
        HttpResponse<String> r = f.http.send(
                HttpRequest.newBuilder(f.device("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = Fixture.json(r);
        assertThat(j.get("status").asText()).isEqualTo("UP");
        assertThat(j.get("checks").get("database").asText()).isEqualTo("UP");
    }

    @Test
    void operatorRoutesDoNotExistOnTheDeviceListener() throws Exception {
        for (String p : List.of("/api/v1/venues", "/api/v1/session", "/metrics", "/", "/index.html")) {
            HttpResponse<String> r = f.http.send(
                    HttpRequest.newBuilder(f.device(p))
                            .header("Authorization", Fixture.basic())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(p).isEqualTo(404);
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
