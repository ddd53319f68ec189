package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.server.ServerName;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.persistence.postgresql.PostgresExtension;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.config.DatabaseChoice;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Images across servers (ADR-0099): an image registered on server A is in the shared catalog at once, but server B
 * answers configs with it only once it holds the file, copied from A's device listener and verified by its SHA-256.
 * Until then B answers 503 IMAGE_UNAVAILABLE with Retry-After and takes no hostname. A is stopped while B starts, so the
 * "not yet" is certain, not a race: with A gone nobody can give B the file.
 */
class ImagesAcrossServersIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    @Test
    void anImageRegisteredOnOneServerIsServedByAnotherOnlyOnceItHasTheVerifiedFile() throws Exception {
        DatabaseChoice database =
                new DatabaseChoice.Postgres(POSTGRES.freshDatabase().settings());
        ServerSettings settingsA = ServerSettings.forTest(dir.resolve("a"), Fixture.PASSWORD)
                .withDatabase(database)
                .withCore(CoreSettings.DEFAULTS.withServerName(ServerName.of("station-a")));
        PiDeployServer a = PiDeployServer.start(settingsA);
        MasterImage image;
        try {
            DemoSeed.seed(a.core());
            image = a.core()
                    .listImages()
                    .find(DemoSeed.PRODUCT, DemoSeed.IMAGE_VERSION)
                    .orElseThrow();
        } finally {
            a.stop();
        }

        PiDeployServer b = PiDeployServer.start(ServerSettings.forTest(dir.resolve("b"), Fixture.PASSWORD)
                .withDatabase(database)
                .withCore(CoreSettings.DEFAULTS.withServerName(ServerName.of("station-b"))));
        try {
            HttpResponse<String> early = config(b, "1000000000000001");
            assertThat(early.statusCode()).as(early.body()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).contains("10");
            assertThat(early.body()).contains("IMAGE_UNAVAILABLE").contains(image.fileName());
            assertThat(assigned(b))
                    .as("no hostname taken while the file is missing")
                    .isZero();
            assertThat(Files.exists(dir.resolve("b").resolve(Fleet.IMAGES_DIR).resolve(image.fileName())))
                    .isFalse();

            // A comes back (on new ports): its heartbeat names its device listener, and B copies the file from it.
            a = PiDeployServer.start(settingsA);
            Path copied = dir.resolve("b").resolve(Fleet.IMAGES_DIR).resolve(image.fileName());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!Files.exists(copied) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(copied).exists();

            HttpResponse<String> later = config(b, "1000000000000001");
            assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
            assertThat(Fixture.json(later).get("image_url").asText())
                    .startsWith(b.deviceUrl().toString());
            assertThat(assigned(b)).isEqualTo(1);
            assertThat(sha256(b.deviceUrl() + "/images/" + image.fileName()))
                    .as("the file B serves is the registered image")
                    .isEqualTo(image.sha256());
        } finally {
            b.stop();
            a.stop();
        }
    }

    private long assigned(PiDeployServer server) {
        return server.core().listPool().list(PoolFilter.ALL).stream()
                .filter(e -> e.state() == PoolEntryState.ASSIGNED)
                .count();
    }

    private HttpResponse<String> config(PiDeployServer server, String serial) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.deviceUrl() + "/api/config"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Fixture.config(serial)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String sha256(String url) throws Exception {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
