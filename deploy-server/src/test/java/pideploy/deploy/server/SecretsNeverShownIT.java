package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.Method;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.report.ReportKind;
import pideploy.deploy.http.helidon.RouteSpec;
import pideploy.deploy.http.helidon.RouteTable;

/**
 * Secrets at rest and write-only (ADR-0093), through the real server: after PSKs, an EAP password and a password hash
 * are set on every kind of layer and a protocol 3 device has been given them, EVERY readable management route (all of
 * {@link RouteTable}'s operator GET routes, each path parameter filled with a real value) answers without any of them,
 * the live event stream carries none, and neither the database file nor its log holds one in clear.
 */
class SecretsNeverShownIT {
    private static final String VENUE_PSK = "venue psk 8a7c1e";
    private static final String EAP_PASSWORD = "eap pass 44b0d2";
    private static final String DEVICE_PSK = "device psk 91f3aa";
    private static final String BATCH_PSK = "batch psk 0c6e58";
    private static final String PRODUCT_PSK = "product psk 7d21bb";
    private static final String HASH = "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc";
    private static final List<String> SECRETS =
            List.of(VENUE_PSK, EAP_PASSWORD, DEVICE_PSK, BATCH_PSK, PRODUCT_PSK, HASH, "qFmFH.bQmmtXzyBY0s9v7");
    private static final String SERIAL = "10000000cccc0099";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(dir).seeded();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String wifi(String ssid, String psk) {
        return """
                wifi.count=1
                wifi.0.ssid=%s
                wifi.0.security=psk
                wifi.0.psk=%s
                wifi.0.hidden=false
                wifi.0.priority=1
                """.formatted(ssid, psk);
    }

    private void put(String path, String settings) throws Exception {
        HttpResponse<String> r = f.sendAdmin("PUT", path, JSON.writeValueAsString(Map.of("settings", settings)));
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.body()).as(path).doesNotContain(SECRETS);
    }

    @Test
    void noManagementRouteEventOrStoredByteShowsASecretOnceSet() throws Exception {
        List<String> events = new ArrayList<>();
        Thread reader = listenToEvents(events);
        long batch = Fixture.json(
                        f.sendAdmin("POST", "/api/v1/batches", "{\"venue\":\"CORO\",\"product\":\"KXP2\",\"count\":2}"))
                .get("id")
                .asLong();
        put("/api/v1/profiles/product/KXP2", wifi("Product Net", PRODUCT_PSK));
        put("/api/v1/profiles/venue/CORO", """
                wifi.count=2
                wifi.0.ssid=Corona Karting
                wifi.0.security=psk
                wifi.0.psk=%s
                wifi.0.hidden=false
                wifi.0.priority=10
                wifi.1.ssid=CORO-staff
                wifi.1.security=eap
                wifi.1.identity=cam01
                wifi.1.password=%s
                wifi.1.hidden=true
                wifi.1.priority=5
                password_hash=%s
                time_zone=Europe/London
                """.formatted(VENUE_PSK, EAP_PASSWORD, HASH));
        put("/api/v1/profiles/batch/" + batch, wifi("Batch Net", BATCH_PSK));
        put("/api/v1/profiles/device/" + SERIAL, wifi("Device Net", DEVICE_PSK));

        for (String owner : new String[] {"product/KXP2", "venue/CORO"}) {
            for (String text : new String[] {"#!/bin/sh\necho one\n", "#!/bin/sh\necho two\n"}) {
                HttpResponse<String> hook = f.sendAdmin(
                        "PUT",
                        "/api/v1/hooks/" + owner + "/camera-app",
                        JSON.writeValueAsString(Map.of("script", text)));
                assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
            }
        }
        JsonNode venue = Fixture.json(f.getAdmin("/api/v1/profiles/venue/CORO"));
        assertThat(venue.get("secrets").toString())
                .isEqualTo("{\"wifi.0.psk\":\"set\",\"wifi.1.password\":\"set\",\"password_hash\":\"set\"}");
        HttpResponse<String> answer = f.postDevice(
                "/api/config",
                "{\"serial_number\":\"%s\",\"product_type\":\"KXP2\",\"venue_code\":\"CORO\",\"protocol\":3}"
                        .formatted(SERIAL));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        // The device, and only the device, is told the secret of its own layer.
        assertThat(answer.body()).contains(DEVICE_PSK);
        long deployment = Fixture.json(answer).get("deployment_id").asLong();
        String deviceSecret = Fixture.json(answer).get("device_secret").asText();
        HttpResponse<String> status = f.postDevice(
                "/api/status",
                "{\"deployment_id\":%d,\"status\":\"downloading\",\"serial\":\"%s\",\"device_secret\":\"%s\"}"
                        .formatted(deployment, SERIAL, deviceSecret));
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);

        List<String> read = new ArrayList<>();
        for (String path : everyReadablePath(batch, deployment)) {
            HttpResponse<String> r = f.getAdmin(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isLessThan(300);
            assertThat(r.body()).as(path).doesNotContain(SECRETS);
            read.add(path);
        }
        assertThat(read)
                .contains(
                        "/api/v1/profiles/batch/" + batch,
                        "/api/v1/devices/" + SERIAL + "/profile",
                        "/api/v1/deployments/" + deployment + "/profile",
                        "/api/v1/hooks/venue/CORO/camera-app/diff",
                        "/api/v1/audit");

        awaitEventAbout(events, deployment);
        reader.interrupt();
        synchronized (events) {
            assertThat(String.join("\n", events)).doesNotContain(SECRETS);
        }
        f.close();
        for (String file : new String[] {"pideploy.db", "pideploy.db-wal"}) {
            Path p = dir.resolve(file);
            if (Files.exists(p)) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file).doesNotContain(SECRETS);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.key"))))
                .isEqualTo("rw-------");
        f = new Fixture(dir);
        // The same key opens them again after a restart: what the card gets is unchanged.
        assertThat(f.postDevice(
                                "/api/config",
                                "{\"serial_number\":\"%s\",\"product_type\":\"KXP2\",\"venue_code\":\"CORO\",\"protocol\":3}"
                                        .formatted(SERIAL))
                        .body())
                .contains(DEVICE_PSK);
    }

    /**
     * Every operator GET route of the route table with its path parameters filled in; a route with a parameter this
     * test has no value for fails the test, so a new route cannot be skipped silently.
     */
    private static List<String> everyReadablePath(long batch, long deployment) {
        List<String> paths = new ArrayList<>();
        for (RouteSpec spec : RouteTable.ALL) {
            if (spec.listener() != RouteSpec.Listener.OPERATOR
                    || spec.method() != Method.GET
                    || spec == RouteTable.WEB
                    || spec == RouteTable.EVENTS) {
                continue;
            }
            List<String> expanded = expand(spec.path(), batch, deployment);
            for (String p : expanded) {
                assertThat(p)
                        .as("a value for every path parameter of " + spec.path())
                        .doesNotContain("{");
            }
            paths.addAll(expanded);
        }
        return paths;
    }

    private static List<String> expand(String path, long batch, long deployment) {
        Matcher m = Pattern.compile("\\{([a-z]+)\\}").matcher(path);
        if (!m.find()) {
            return List.of(path);
        }
        List<String> values = switch (m.group(1)) {
            case "code", "venue" -> List.of("CORO");
            case "id" -> List.of(Long.toString(path.startsWith("/api/v1/batches") ? batch : deployment));
            case "username" -> List.of("admin");
            case "serial" -> List.of(SERIAL);
            case "name" ->
                path.startsWith("/api/v1/hooks")
                        ? List.of("camera-app")
                        : Stream.of(ReportKind.values())
                                .map(ReportKind::wireName)
                                .toList();
            case "kind" ->
                path.startsWith("/api/v1/hooks")
                        ? List.of("product", "venue")
                        : List.of("product", "venue", "batch", "device");
            case "key" ->
                List.of(
                        switch (path.substring(0, m.start()).replaceAll(".*/([a-z]+)/$", "$1")) {
                            case "product" -> "KXP2";
                            case "venue" -> "CORO";
                            case "batch" -> Long.toString(batch);
                            default -> SERIAL;
                        });
            default -> List.of(m.group());
        };
        if (m.group(1).equals("kind")) {
            // {kind}/{key} go together: one path per layer.
            List<String> out = new ArrayList<>();
            for (String kind : values) {
                String withKind = path.substring(0, m.start()) + kind + path.substring(m.end());
                out.addAll(expand(withKind, batch, deployment));
            }
            return out;
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.addAll(expand(path.substring(0, m.start()) + v + path.substring(m.end()), batch, deployment));
        }
        return out;
    }

    private Thread listenToEvents(List<String> events) throws Exception {
        HttpResponse<InputStream> r = f.http.send(
                HttpRequest.newBuilder(f.admin("/api/v1/events"))
                        .header("Authorization", Fixture.basic())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        return Thread.ofVirtual().start(() -> {
            try (var lines =
                    new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (events) {
                        events.add(line);
                        events.notifyAll();
                    }
                }
            } catch (java.io.IOException stopped) {
                // The server stops: what was read is checked.
            }
        });
    }

    private static void awaitEventAbout(List<String> events, long deployment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        synchronized (events) {
            while (events.stream().noneMatch(e -> e.contains(SERIAL) && e.contains("downloading"))
                    && System.nanoTime() < deadline) {
                events.wait(500);
            }
            assertThat(events)
                    .as("the live event of deployment %d downloading", deployment)
                    .anyMatch(e -> e.contains(SERIAL) && e.contains("downloading"));
        }
    }
}
