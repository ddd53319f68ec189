package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.server.config.ServerSettings;

/**
 * First-run traps of issue 20 over a real server and SQLite file (ADR-0047): a card too small for the image is
 * refused before a hostname is taken; an installer that did not send the size and refuses the card itself gives the
 * hostname back with its preflight report; deployments that stop reporting end as failed ("abandoned"), on the live
 * stream and in the audit log, and a later report for one is refused.
 */
class CardSizeAndAbandonIT {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

    private static String configWithCard(String serial, long cardBytes) {
        return Fixture.config(serial).replace("}", ",\"protocol\":2,\"card_size\":%d}".formatted(cardBytes));
    }

    private static long imageSize(Fixture f) throws Exception {
        return Fixture.json(f.postDevice("/api/config", Fixture.config("10000000ffff0000")))
                .get("image_size")
                .asLong();
    }

    private static String poolState(Fixture f, String hostname) {
        return f.server.core().listPool().list(PoolFilter.ALL).stream()
                .filter(e -> e.hostname().value().equals(hostname))
                .findFirst()
                .orElseThrow()
                .state()
                .toString();
    }

    @Test
    void aCardSmallerThanTheImageIsRefusedNamingBothSizesAndTakesNoHostname() throws Exception {
        try (Fixture f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock).seeded()) {
            long image = imageSize(f); // takes KXP2-CORO-001
            int deploymentsBefore =
                    Fixture.json(f.getAdmin("/api/v1/deployments")).get("total").asInt();

            HttpResponse<String> small = f.postDevice("/api/config", configWithCard("10000000aaaa0001", image - 1));

            assertThat(small.statusCode()).isEqualTo(422);
            JsonNode error = Fixture.json(small).get("error");
            assertThat(error.get("code").asText()).isEqualTo("CARD_TOO_SMALL");
            assertThat(error.get("message").asText())
                    .contains(String.valueOf(image - 1), String.valueOf(image), "larger card", "shrunk image");
            assertThat(Fixture.json(f.getAdmin("/api/v1/deployments"))
                            .get("total")
                            .asInt())
                    .as("no deployment created")
                    .isEqualTo(deploymentsBefore);
            assertThat(poolState(f, "KXP2-CORO-002")).isEqualTo("AVAILABLE");

            HttpResponse<String> enough = f.postDevice("/api/config", configWithCard("10000000aaaa0001", image));
            assertThat(enough.statusCode()).isEqualTo(200);
            assertThat(Fixture.json(enough).get("hostname").asText())
                    .as("no pool number was consumed")
                    .isEqualTo("KXP2-CORO-002");
        }
    }

    @Test
    void anInstallerThatRefusesTheCardItselfGivesTheNewHostnameBack() throws Exception {
        try (Fixture f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock).seeded()) {
            JsonNode config = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0001")));
            assertThat(config.get("hostname").asText()).isEqualTo("KXP2-CORO-001");

            HttpResponse<String> refused = f.postDevice(
                    "/api/status",
                    ("{\"deployment_id\":%d,\"status\":\"failed\","
                                    + "\"step\":\"preflight\",\"error_message\":\"target holds 1000 bytes but the image needs more\"}")
                            .formatted(config.get("deployment_id").asLong()));

            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(poolState(f, "KXP2-CORO-001")).isEqualTo("AVAILABLE");
            assertThat(Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0002")))
                            .get("hostname")
                            .asText())
                    .isEqualTo("KXP2-CORO-001");
        }
    }

    @Test
    void silentDeploymentsEndAsAbandonedOnTheStreamAndALaterReportIsRefused() throws Exception {
        ServerSettings settings = ServerSettings.forTest(dir, Fixture.PASSWORD)
                .withCore(CoreSettings.DEFAULTS.withAbandonAfter(Optional.of(Duration.ofMinutes(20))));
        try (Fixture f = new Fixture(dir, settings, clock).seeded()) {
            HttpResponse<InputStream> stream = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/events"))
                            .header("Authorization", Fixture.basic())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String> data = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            data.add(line);
                        }
                    }
                } catch (java.io.IOException e) {
                    // stream closed at the end of the test
                }
            });
            long silent = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0001")))
                    .get("deployment_id")
                    .asLong();
            long busy = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0002")))
                    .get("deployment_id")
                    .asLong();
            f.postDevice("/api/status", "{\"deployment_id\":%d,\"status\":\"downloading\"}".formatted(silent));
            clock.advance(Duration.ofMinutes(15));
            f.postDevice("/api/status", "{\"deployment_id\":%d,\"status\":\"downloading\"}".formatted(busy));
            clock.advance(Duration.ofMinutes(6));

            f.server.housekeepNow();

            JsonNode ended = Fixture.json(f.getAdmin("/api/v1/deployments/" + silent));
            assertThat(ended.toString())
                    .contains("\"status\":\"failed\"")
                    .contains("abandoned: no report for 20 minutes");
            assertThat(Fixture.json(f.getAdmin("/api/v1/deployments/" + busy)).toString())
                    .contains("\"status\":\"downloading\"");
            assertThat(f.getAdmin("/api/v1/audit").body())
                    .contains("deployment.abandon")
                    .contains("10000000aaaa0001")
                    .contains("KXP2-CORO-001");
            JsonNode house = Fixture.json(f.getAdmin("/api/v1/system")).get("housekeeping");
            assertThat(house.get("abandon_after_minutes").asInt()).isEqualTo(20);
            assertThat(house.get("deployments_abandoned").asInt()).isEqualTo(1);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && data.stream().noneMatch(l -> l.contains("abandoned"))) {
                Thread.sleep(50);
            }
            assertThat(data)
                    .as("the live dashboard hears of it")
                    .anyMatch(l -> l.contains("KXP2-CORO-001")
                            && l.contains("\"status\":\"failed\"")
                            && l.contains("abandoned: no report for 20 minutes"));

            HttpResponse<String> late =
                    f.postDevice("/api/status", "{\"deployment_id\":%d,\"status\":\"success\"}".formatted(silent));
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(Fixture.json(late).get("error").get("code").asText()).isEqualTo("DEPLOYMENT_ABANDONED");
            assertThat(Fixture.json(late).get("error").get("message").asText()).contains("ask /api/config again");
            // The device keeps its hostname: asking again gives it a new deployment with the same name.
            assertThat(Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0001")))
                            .get("hostname")
                            .asText())
                    .isEqualTo("KXP2-CORO-001");
            reader.interrupt();
        }
    }
}
