package pideploy.system.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pideploy.deploy.http.helidon.HttpSettings;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.config.ServerSettings;

/**
 * The real server, started in-process by its composition root ({@link PiDeployServer}: SQLite data directory, core,
 * live-event broker, both Helidon listeners on port 0 on loopback) with a known admin password, plus two small HTTP
 * clients: one for the management API with HTTP Basic (what scripts use) and one that plays a device on the
 * deployment API.
 */
final class WebTestServer implements AutoCloseable {
    static final String ADMIN = PiDeployServer.FIRST_USER;
    static final String PASSWORD = "correct horse battery staple";

    private final Path dataDir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PiDeployServer server;
    private int devicePort;
    private int adminPort;

    private WebTestServer(Path dataDir) {
        this.dataDir = dataDir;
    }

    static WebTestServer start(Path dataDir) {
        return start(dataDir, java.util.function.UnaryOperator.identity());
    }

    /** @param tune changes the test settings before the server starts (a shorter stall time, say) */
    static WebTestServer start(Path dataDir, java.util.function.UnaryOperator<ServerSettings> tune) {
        WebTestServer s = new WebTestServer(dataDir);
        s.boot(tune.apply(ServerSettings.forTest(dataDir, PASSWORD)));
        return s;
    }

    /** Stops the server; {@link #restart()} brings it back on the same ports with the same data directory. */
    void stop() {
        server.stop();
    }

    void restart() {
        boot(ServerSettings.forTest(dataDir, PASSWORD)
                .withHttp(HttpSettings.ephemeral().withPorts("127.0.0.1", devicePort, "127.0.0.1", adminPort)));
    }

    private void boot(ServerSettings settings) {
        server = PiDeployServer.start(settings);
        devicePort = server.devicePort();
        adminPort = server.adminPort();
    }

    /** Base URL of the operator listener, where the web UI lives. */
    String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    String deviceUrl() {
        return "http://127.0.0.1:" + devicePort;
    }

    /** A management API call with HTTP Basic, as a script would make it; returns status and body. */
    Answer admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return send(b.build());
    }

    /** A management API call with an API token ({@code Authorization: Bearer}), as a script would make it. */
    Answer bearer(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return send(b.build());
    }

    /** Like {@link #admin} but fails the test unless the server answered 2xx. */
    String adminOk(String method, String path, String json) {
        Answer a = admin(method, path, json);
        if (a.status() / 100 != 2) {
            throw new AssertionError("%s %s answered %d: %s".formatted(method, path, a.status(), a.body()));
        }
        return a.body();
    }

    /** A browser-style login with a user name and password; returns the HTTP status. */
    int login(String username, String password) {
        return send(HttpRequest.newBuilder(URI.create(adminUrl() + "/api/v1/session"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password)))
                        .build())
                .status();
    }

    /**
     * Registers and activates a small image (random bytes behind an MBR; the customisation method is given, not
     * detected).
     */
    void registerImage(String product, String version, int sizeBytes) {
        byte[] content = new byte[sizeBytes];
        new Random(42).nextBytes(content);
        // Registration takes only disk images: sector 0 becomes an MBR with one FAT32 (LBA) partition.
        java.util.Arrays.fill(content, 446, 510, (byte) 0);
        content[446 + 4] = 0x0c;
        content[446 + 8] = 1;
        content[446 + 12] = 1;
        content[510] = 0x55;
        content[511] = (byte) 0xAA;
        HttpRequest req = HttpRequest.newBuilder(URI.create(adminUrl() + "/api/v1/images?product=" + product
                        + "&version=" + version + "&filename=" + product.toLowerCase() + ".img"
                        + "&customization=firstrun&activate=true"))
                .timeout(Duration.ofSeconds(30))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        Answer a = send(req);
        if (a.status() != 201) {
            throw new AssertionError("image registration answered %d: %s".formatted(a.status(), a.body()));
        }
    }

    /** What a blank Pi sends first; returns the deployment id the server assigned. */
    long deviceConfig(String product, String venue, String serial, String mac) {
        Answer a = device("/api/config", """
                {"product_type":"%s","venue_code":"%s","serial_number":"%s","mac_address":"%s"}""".formatted(product, venue, serial, mac));
        if (a.status() != 200) {
            throw new AssertionError("config for %s answered %d: %s".formatted(serial, a.status(), a.body()));
        }
        return Long.parseLong(field(a.body(), "deployment_id"));
    }

    /** One status report of the installer. */
    void deviceStatus(long deploymentId, String status, long bytesDone, long bytesTotal, String extraJson) {
        String body =
                """
                {"deployment_id":%d,"status":"%s","bytes_done":%d,"bytes_total":%d%s}""".formatted(deploymentId, status, bytesDone, bytesTotal, extraJson == null ? "" : "," + extraJson);
        Answer a = device("/api/status", body);
        if (a.status() != 200) {
            throw new AssertionError(
                    "status %s of deployment %d answered %d: %s".formatted(status, deploymentId, a.status(), a.body()));
        }
    }

    private Answer device(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(deviceUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private Answer send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request " + req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + req.uri(), e);
        }
    }

    /** A top-level scalar of a flat JSON answer; enough for ids and codes without a JSON library in this module. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile(
                        "\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.]+|true|false|null)")
                .matcher(json);
        if (!m.find()) {
            throw new AssertionError("no field '" + name + "' in " + json);
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    record Answer(int status, String body) {}

    @Override
    public void close() {
        server.stop();
    }
}
