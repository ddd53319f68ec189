package pideploy.deploy.http.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.http.helidon.auth.Authenticator;
import pideploy.deploy.http.helidon.auth.LoginThrottle;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.auth.Sessions;
import pideploy.deploy.http.helidon.device.DeviceApi;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;

/** /health follows the database and the disk: 200 while they take writes, 503 when not, and back. */
class HealthIT {
    @Test
    void aFullDiskIsStorageFullNotBusyAndHealthSaysWhy() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Optional<String>> disk =
                new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        FleetStore store = new FleetStore() {
            @Override
            public <T> T write(Function<FleetTransaction, T> work) {
                throw new pideploy.deploy.core.port.StorageFullException("database or disk is full", null);
            }

            @Override
            public <T> T read(Function<FleetTransaction, T> work) {
                throw new StorageException("not used here", null);
            }

            @Override
            public void ping() {}
        };
        DeployMetrics metrics = new DeployMetrics();
        StorageHealth storage = new StorageHealth(Clock.systemUTC(), disk::get);
        DeviceApi api = new DeviceApi(
                null,
                null,
                new pideploy.deploy.core.usecase.CheckHealth(store),
                metrics,
                Clock.systemUTC(),
                Optional.empty(),
                4096,
                "test",
                image -> Optional.empty(),
                storage);
        Routes.Builder b = Routes.builder()
                .bind(RouteTable.DEVICE_HEALTH, api::health)
                .bind(RouteTable.HEALTH, api::health)
                .bind(RouteTable.CONFIG, (req, res) -> store.write(tx -> null));
        for (RouteSpec spec : RouteTable.ALL) {
            if (!b.isBound(spec)) {
                b.bind(spec, (req, res) -> res.send());
            }
        }
        Sessions sessions = new Sessions(
                new pideploy.deploy.core.fake.InMemorySessionRepository(),
                Clock.systemUTC(),
                java.time.Duration.ofMinutes(1));
        Authenticator auth = new Authenticator(
                TestOperators.none().authenticate(),
                sessions,
                new pideploy.deploy.core.fake.InMemoryApiTokenRepository(),
                new LoginThrottle(Clock.systemUTC()),
                new pideploy.deploy.http.helidon.auth.PasswordChecks(1, 1),
                Clock.systemUTC());
        try (DeployHttpServer server = DeployHttpServer.start(
                HttpSettings.ephemeral(), b.build(), new OperatorAccess(auth), metrics, storage)) {
            var http = java.net.http.HttpClient.newHttpClient();
            var health = HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.devicePort() + "/health"))
                    .build();
            assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> config = http.send(
                    HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + server.devicePort() + "/api/config"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(config.statusCode()).isEqualTo(503);
            assertThat(config.body())
                    .contains("\"STORAGE_FULL\"")
                    .contains("disk is full")
                    .doesNotContain("busy");
            assertThat(config.headers().firstValue("Retry-After")).isPresent();

            HttpResponse<String> afterFailure = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(afterFailure.statusCode()).isEqualTo(503);
            assertThat(afterFailure.body())
                    .contains("\"status\":\"DOWN\"")
                    .contains("\"database\":\"UP\"")
                    .contains("disk full")
                    .contains("database or disk is full");

            disk.set(Optional.of("3 bytes free in /data"));
            assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).body())
                    .contains("3 bytes free");
        }
    }

    @Test
    void healthIs503WhileTheDatabaseIsUnreachable() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        FleetStore store = new FleetStore() {
            @Override
            public <T> T write(Function<FleetTransaction, T> work) {
                throw new StorageException("not used here", null);
            }

            @Override
            public <T> T read(Function<FleetTransaction, T> work) {
                throw new StorageException("not used here", null);
            }

            @Override
            public void ping() {
                if (down.get()) {
                    throw new StorageException("database file is locked", null);
                }
            }
        };
        DeployMetrics metrics = new DeployMetrics();
        DeviceApi api = new DeviceApi(
                null,
                null,
                new pideploy.deploy.core.usecase.CheckHealth(store),
                metrics,
                Clock.systemUTC(),
                Optional.empty(),
                4096,
                "test");
        Routes.Builder b =
                Routes.builder().bind(RouteTable.DEVICE_HEALTH, api::health).bind(RouteTable.HEALTH, api::health);
        for (RouteSpec spec : RouteTable.ALL) {
            if (!b.isBound(spec)) {
                b.bind(spec, (req, res) -> res.send());
            }
        }
        Sessions sessions = new Sessions(
                new pideploy.deploy.core.fake.InMemorySessionRepository(),
                Clock.systemUTC(),
                java.time.Duration.ofMinutes(1));
        Authenticator auth = new Authenticator(
                TestOperators.none().authenticate(),
                sessions,
                new pideploy.deploy.core.fake.InMemoryApiTokenRepository(),
                new LoginThrottle(Clock.systemUTC()),
                new pideploy.deploy.http.helidon.auth.PasswordChecks(1, 1),
                Clock.systemUTC());
        try (DeployHttpServer server =
                DeployHttpServer.start(HttpSettings.ephemeral(), b.build(), new OperatorAccess(auth), metrics)) {
            var http = java.net.http.HttpClient.newHttpClient();
            var req = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.devicePort() + "/health"))
                    .build();
            HttpResponse<String> up = http.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"");
            down.set(true);
            HttpResponse<String> failing = http.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(failing.body()).contains("\"status\":\"DOWN\"").contains("locked");
            var admin = HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.adminPort() + "/health"))
                    .build();
            assertThat(http.send(admin, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(503);
            down.set(false);
            assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
    }
}
