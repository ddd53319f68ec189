package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.AddVenueCommand;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RateLimit;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Pool protection (ADR-0045) against the attack of issue 12: 25 made-up serials from one address used to take every
 * hostname of a 20-number pool, so the next real Pi got POOL_EXHAUSTED.
 */
class PoolProtectionIT {
    static final VenueCode VENUE = VenueCode.of("DRNA");

    @TempDir
    Path dir;

    static String config(String serial) {
        return ("{\"serial_number\":\"%s\",\"product_type\":\"KXP2\",\"venue_code\":\"DRNA\"}").formatted(serial);
    }

    private static void twentyNumberPool(Fixture f) {
        f.server.core().addVenue().add(new AddVenueCommand(VENUE, "Durango", "", "ops@example.com"));
        f.server.core().importPool().importNumbers(ImportPoolCommand.parse(VENUE, ProductCode.of("KXP2"), "1-20"));
    }

    /** 25 made-up serials at once from 127.0.0.1, each on its own thread. */
    private static List<HttpResponse<String>> flood(Fixture f) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(25)) {
            for (int i = 0; i < 25; i++) {
                String serial = "%016x".formatted(0xbad0000000000000L + i);
                futures.add(threads.submit(() -> {
                    go.await();
                    return f.postDevice("/api/config", config(serial));
                }));
            }
            go.countDown();
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> fu : futures) {
            answers.add(fu.get());
        }
        return answers;
    }

    /** A real Pi on another address of the deployment network (127.0.0.2: still loopback). */
    private static HttpResponse<String> realPi(Fixture f) throws Exception {
        HttpClient other = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName("127.0.0.2"))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return other.send(
                HttpRequest.newBuilder(f.device("/api/config"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(config("10000000c0ffee01")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAddressLimitKeepsMadeUpSerialsFromDrainingThePoolAndRetriesAreNeverLimited() throws Exception {
        ServerSettings settings = ServerSettings.forTest(dir, Fixture.PASSWORD)
                .withCore(CoreSettings.DEFAULTS.withAssignmentLimit(RateLimit.perMinute(10, 1)));
        try (Fixture f = new Fixture(dir, settings, Clock.systemUTC()).seeded()) {
            twentyNumberPool(f);

            List<HttpResponse<String>> answers = flood(f);

            assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(10);
            assertThat(answers)
                    .filteredOn(r -> r.statusCode() != 200)
                    .hasSize(15)
                    .allSatisfy(r -> {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                        assertThat(r.body()).contains("\"ASSIGNMENT_RATE_LIMITED\"");
                        assertThat(r.headers().firstValue("Retry-After").map(Long::parseLong))
                                .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 60L));
                    });
            HttpResponse<String> real = realPi(f);
            assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
            assertThat(Fixture.json(real).get("hostname").asText()).startsWith("KXP2-DRNA-");

            // A device that holds a hostname gets it back whatever the address's budget says.
            HttpResponse<String> retry = f.postDevice(
                    "/api/config", config("%016x".formatted(0xbad0000000000000L + serialThatGotOne(answers))));
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        }
    }

    @Test
    void aBatchThatListsItsDevicesRefusesEveryOtherSerialAndStillServesTheListedOnes() throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            twentyNumberPool(f);
            long batch = Fixture.json(f.sendAdmin(
                            "POST", "/api/v1/batches", "{\"venue\":\"DRNA\",\"product\":\"KXP2\",\"count\":20}"))
                    .get("id")
                    .asLong();
            HttpResponse<String> listed = f.http.send(
                    HttpRequest.newBuilder(f.admin("/api/v1/batches/" + batch + "/expected"))
                            .header("Authorization", Fixture.basic())
                            .header("Content-Type", "text/csv")
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "serial,mac\n10000000c0ffee01,\n,dc:a6:32:00:00:02\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(listed.body()).contains("10000000c0ffee01").contains("dc:a6:32:00:00:02");
            assertThat(f.sendAdmin("POST", "/api/v1/batches/" + batch + "/start", "{}")
                            .statusCode())
                    .isEqualTo(200);

            List<HttpResponse<String>> answers = flood(f);

            assertThat(answers).hasSize(25).allSatisfy(r -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(r.body()).contains("\"DEVICE_NOT_EXPECTED\"").contains("batch " + batch);
            });
            HttpResponse<String> real = realPi(f);
            assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
            HttpResponse<String> byMac = f.postDevice("/api/config", "{\"mac_address\":\"DC:A6:32:00:00:02\"}");
            assertThat(byMac.statusCode()).as(byMac.body()).isEqualTo(200);
            assertThat(Fixture.json(f.getAdmin("/api/v1/batches"))
                            .get(0)
                            .get("remaining")
                            .asInt())
                    .isEqualTo(18);
            assertThat(Fixture.json(f.getAdmin("/api/v1/batches"))
                            .get(0)
                            .get("expected_devices")
                            .asInt())
                    .isEqualTo(2);
            assertThat(f.getAdmin("/api/v1/audit").body()).contains("batch.expect");
        }
    }

    private static int serialThatGotOne(List<HttpResponse<String>> answers) {
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).statusCode() == 200) {
                return i;
            }
        }
        throw new AssertionError("no device got a hostname");
    }
}
