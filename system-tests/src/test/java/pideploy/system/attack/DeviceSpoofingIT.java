package pideploy.system.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.system.ServerRig;
import pideploy.wire.DevicePaths;
import pideploy.wire.ErrorCode;
import pideploy.wire.Fields;
import pideploy.wire.Protocol;

/**
 * Issue 12's spoofing attacks on the device listener (ADR-0042), each scripted as a client on loopback would run it
 * against the real server: forged status reports by sequential deployment id, a {@code booted} report with another
 * hostname, and a serial number attached to a device first seen by MAC alone. Each now fails with 403 and lands in
 * the audit log; the real device (a {@link WellBehavedDevice} beside every attack), and a legacy client that
 * announces no protocol, keep being served.
 */
class DeviceSpoofingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "system-test-password";

    @TempDir
    static Path dir;

    static ServerRig rig;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static WellBehavedDevice device;
    private int mark;

    @BeforeAll
    static void start() throws Exception {
        Path image = dir.resolve("demo.img");
        try (InputStream in = DemoSeed.image()) {
            Files.copy(in, image);
        }
        Path data = dir.resolve("data");
        rig = new ServerRig(data, image, "firstrun");
        ServerRig.pideploy(
                "pool", "import", "CORO", "--product", "KXP2", "--numbers", "6-40", "--data", data.toString());
        rig.start();
        device =
                new WellBehavedDevice(rig, "127.0.0.2", "10000000900d0002", "d8:3a:dd:90:0d:02", Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        rig.close();
    }

    @BeforeEach
    void markDevice() {
        mark = device.mark();
    }

    @AfterEach
    void deviceWasServedThroughout() throws InterruptedException {
        device.assertServedSince(mark, 5);
    }

    @Test
    void forgedStatusReportsBySequentialIdCannotMoveAProvenDeployment() throws Exception {
        JsonNode victim = config(proving(device("10000000feed0001", "d8:3a:dd:10:00:01")));
        long id = victim.get(Fields.ConfigResponse.DEPLOYMENT_ID).asLong();
        String secret = victim.get(Fields.ConfigResponse.DEVICE_SECRET).asText();
        assertThat(secret).hasSize(43);

        // Ids are sequential: the attacker takes the newest and tries every status change that matters.
        for (String status : List.of("success", "failed", "booted")) {
            assertRefused(
                    post(
                            DevicePaths.STATUS,
                            status(id, status)
                                    .put(
                                            Fields.StatusRequest.HOSTNAME,
                                            victim.get(Fields.ConfigResponse.HOSTNAME)
                                                    .asText())),
                    ErrorCode.DEVICE_SECRET_REQUIRED);
        }
        ObjectNode guessed = status(id, "success").put(Fields.StatusRequest.DEVICE_SECRET, "A".repeat(43));
        assertRefused(post(DevicePaths.STATUS, guessed), ErrorCode.DEVICE_SECRET_INVALID);
        assertRefused(
                post(DevicePaths.STATUS, status(id, "failed").put(Fields.StatusRequest.DEVICE_SECRET, "x")),
                ErrorCode.DEVICE_SECRET_INVALID);

        JsonNode seen = admin("/api/v1/deployments/" + id);
        assertThat(seen.get("status").asText()).isEqualTo("started");
        assertThat(seen.get("verified").asBoolean()).isTrue();
        assertThat(seen.get("refused_reports").asLong()).isEqualTo(5);
        assertThat(spoofAudit("deployment " + id))
                .hasSize(5)
                .allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("device@127.0.0.1"));

        // The real device, with its secret, goes all the way.
        for (String status : List.of("downloading", "verifying", "customizing", "success")) {
            HttpResponse<String> r =
                    post(DevicePaths.STATUS, status(id, status).put(Fields.StatusRequest.DEVICE_SECRET, secret));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        HttpResponse<String> booted = post(
                DevicePaths.STATUS,
                status(id, "booted")
                        .put(Fields.StatusRequest.DEVICE_SECRET, secret)
                        .put(
                                Fields.StatusRequest.HOSTNAME,
                                victim.get(Fields.ConfigResponse.HOSTNAME).asText()));
        assertThat(booted.statusCode()).as(booted.body()).isEqualTo(200);
        assertThat(admin("/api/v1/deployments/" + id).get("status").asText()).isEqualTo("booted");
    }

    @Test
    void bootedWithAnotherHostnameIsRefusedAndRecorded() throws Exception {
        JsonNode proven = config(proving(device("10000000feed0002", "d8:3a:dd:10:00:02")));
        long id = proven.get(Fields.ConfigResponse.DEPLOYMENT_ID).asLong();
        String secret = proven.get(Fields.ConfigResponse.DEVICE_SECRET).asText();
        String hostname = proven.get(Fields.ConfigResponse.HOSTNAME).asText();
        post(DevicePaths.STATUS, status(id, "success").put(Fields.StatusRequest.DEVICE_SECRET, secret));
        JsonNode legacy = config(device("10000000feed0003", "d8:3a:dd:10:00:03"));
        long legacyId = legacy.get(Fields.ConfigResponse.DEPLOYMENT_ID).asLong();
        post(DevicePaths.STATUS, status(legacyId, "success"));

        assertRefused(
                post(
                        DevicePaths.STATUS,
                        status(id, "booted")
                                .put(Fields.StatusRequest.DEVICE_SECRET, secret)
                                .put(Fields.StatusRequest.HOSTNAME, "KXP2-CORO-999")
                                .put(Fields.StatusRequest.SERIAL, "10000000deadbeef")),
                ErrorCode.HOSTNAME_MISMATCH);
        assertRefused(
                post(DevicePaths.STATUS, status(id, "booted").put(Fields.StatusRequest.DEVICE_SECRET, secret)),
                ErrorCode.HOSTNAME_MISMATCH);
        assertRefused(
                post(
                        DevicePaths.STATUS,
                        status(legacyId, "booted").put(Fields.StatusRequest.HOSTNAME, "KXP2-CORO-999")),
                ErrorCode.HOSTNAME_MISMATCH);

        assertThat(admin("/api/v1/deployments/" + id).get("status").asText()).isEqualTo("success");
        assertThat(admin("/api/v1/deployments/" + id).get("refused_reports").asLong())
                .isEqualTo(2);
        assertThat(admin("/api/v1/deployments/" + legacyId).get("status").asText())
                .isEqualTo("success");
        assertThat(spoofAudit("deployment " + legacyId))
                .singleElement()
                .satisfies(e -> assertThat(e.get("detail").asText()).contains("HOSTNAME_MISMATCH", "KXP2-CORO-999"));
        HttpResponse<String> real = post(
                DevicePaths.STATUS,
                status(id, "booted")
                        .put(Fields.StatusRequest.DEVICE_SECRET, secret)
                        .put(Fields.StatusRequest.HOSTNAME, hostname));
        assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
    }

    @Test
    void aSerialSentForADeviceFirstSeenByMacAloneIsNotAdopted() throws Exception {
        String mac = "d8:3a:dd:10:00:04";
        ObjectNode macOnly = JSON.createObjectNode()
                .put(Fields.ConfigRequest.PRODUCT_TYPE, "KXP2")
                .put(Fields.ConfigRequest.VENUE_CODE, "CORO")
                .put(Fields.ConfigRequest.MAC_ADDRESS, mac);
        String hostname = config(macOnly).get(Fields.ConfigResponse.HOSTNAME).asText();

        HttpResponse<String> legacyClaim = post(DevicePaths.CONFIG, device("10000000bad00001", mac));
        HttpResponse<String> provingClaim = post(DevicePaths.CONFIG, proving(device("10000000bad00001", mac)));
        assertRefused(legacyClaim, ErrorCode.DEVICE_SECRET_REQUIRED);
        assertRefused(provingClaim, ErrorCode.DEVICE_SECRET_REQUIRED);
        assertThat(JSON.readTree(legacyClaim.body()).at("/error/message").asText())
                .contains(hostname);
        assertThat(spoofAudit("mac " + mac)).hasSize(2);

        assertThat(rig.deployments())
                .noneMatch(d -> d.serial()
                        .map(s -> s.value().equals("10000000BAD00001"))
                        .orElse(false));
        assertThat(config(macOnly).get(Fields.ConfigResponse.HOSTNAME).asText()).isEqualTo(hostname);
    }

    @Test
    void aLegacyClientStillDeploysAndIsShownUnverified() throws Exception {
        // What the old Python installer sends: the old fields only, no protocol, no secret.
        JsonNode answer = config(device("10000000feed0005", "d8:3a:dd:10:00:05"));
        long id = answer.get(Fields.ConfigResponse.DEPLOYMENT_ID).asLong();
        assertThat(answer.has(Fields.ConfigResponse.DEVICE_SECRET)).isFalse();

        for (String status : List.of("downloading", "verifying", "customizing", "success")) {
            HttpResponse<String> r = post(
                    DevicePaths.STATUS,
                    status(id, status)
                            .put(Fields.StatusRequest.BYTES_DONE, 1)
                            .put(Fields.StatusRequest.BYTES_TOTAL, 2));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        ObjectNode booted = JSON.createObjectNode()
                .put(Fields.StatusRequest.STATUS, "booted")
                .put(Fields.StatusRequest.SERIAL, "10000000feed0005")
                .put(
                        Fields.StatusRequest.HOSTNAME,
                        answer.get(Fields.ConfigResponse.HOSTNAME).asText());
        assertThat(post(DevicePaths.STATUS, booted).statusCode()).isEqualTo(200);

        JsonNode seen = admin("/api/v1/deployments/" + id);
        assertThat(seen.get("status").asText()).isEqualTo("booted");
        assertThat(seen.get("verified").asBoolean()).isFalse();
        assertThat(seen.get("refused_reports").asLong()).isZero();
    }

    private static ObjectNode device(String serial, String mac) {
        return JSON.createObjectNode()
                .put(Fields.ConfigRequest.PRODUCT_TYPE, "KXP2")
                .put(Fields.ConfigRequest.VENUE_CODE, "CORO")
                .put(Fields.ConfigRequest.SERIAL_NUMBER, serial)
                .put(Fields.ConfigRequest.MAC_ADDRESS, mac);
    }

    private static ObjectNode proving(ObjectNode request) {
        return request.put(Fields.ConfigRequest.PROTOCOL, Protocol.DEVICE_PROOF);
    }

    private static ObjectNode status(long id, String status) {
        return JSON.createObjectNode()
                .put(Fields.StatusRequest.DEPLOYMENT_ID, id)
                .put(Fields.StatusRequest.STATUS, status);
    }

    private static JsonNode config(ObjectNode request) throws Exception {
        HttpResponse<String> r = post(DevicePaths.CONFIG, request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void assertRefused(HttpResponse<String> r, ErrorCode code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo(code.wireName());
    }

    private static HttpResponse<String> post(String path, JsonNode body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(rig.deviceUrl() + path))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode admin(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(rig.adminUrl() + path))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<JsonNode> spoofAudit(String target) throws Exception {
        JsonNode audit = admin("/api/v1/audit?limit=500");
        JsonNode items = audit.isArray() ? audit : audit.path("items");
        List<JsonNode> found = new java.util.ArrayList<>();
        items.forEach(e -> {
            if (e.get("action").asText().equals("device.spoof_refused")
                    && e.get("target").asText().equals(target)) {
                found.add(e);
            }
        });
        return found;
    }
}
