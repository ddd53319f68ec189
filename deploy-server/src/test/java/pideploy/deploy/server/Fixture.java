package pideploy.deploy.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.config.ServerSettings;

/** A real server on loopback ports over a real SQLite file, seeded like the demo, and an HTTP client for it. */
final class Fixture implements AutoCloseable {
    static final String PASSWORD = "fixture-password-1";

    final Path dir;
    PiDeployServer server;
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    Fixture(Path dir) {
        this.dir = dir;
        this.server = PiDeployServer.start(ServerSettings.forTest(dir, PASSWORD));
    }

    /** With a clock the test moves (session expiry). */
    Fixture(Path dir, ServerSettings settings, java.time.Clock clock) {
        this.dir = dir;
        this.server = PiDeployServer.start(settings, clock);
    }

    /** Venue CORO, pool KXP2 1-50, the bundled demo image registered and active. */
    Fixture seeded() {
        DemoSeed.seed(server.core());
        return this;
    }

    Fixture pool(int from, int to) {
        server.core()
                .importPool()
                .importNumbers(ImportPoolCommand.parse(VenueCode.of("CORO"), ProductCode.of("KXP2"), from + "-" + to));
        return this;
    }

    void restart() {
        server.stop();
        server = PiDeployServer.start(ServerSettings.forTest(dir, PASSWORD));
    }

    void restart(ServerSettings settings, java.time.Clock clock) {
        server.stop();
        server = PiDeployServer.start(settings, clock);
    }

    URI device(String path) {
        return URI.create(server.deviceUrl() + path);
    }

    URI admin(String path) {
        return URI.create(server.adminUrl() + path);
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> postDevice(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(device(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getAdmin(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(admin(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", basic())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendAdmin(String method, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(admin(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", basic())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static String config(String serial) {
        return "{\"serial_number\":\"%s\",\"product_type\":\"KXP2\",\"venue_code\":\"CORO\",\"mac_address\":\"d8:3a:dd:00:00:01\"}"
                .formatted(serial);
    }

    @Override
    public void close() {
        server.stop();
    }
}
