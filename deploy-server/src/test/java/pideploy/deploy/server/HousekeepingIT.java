package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.server.config.ServerSettings;

/**
 * Bounded growth and pool protection over SQLite (ADR-0045): progress events of a deployment that ended well are
 * thinned after the retention, a failure's are all kept; with reclaiming on, a hostname whose deployment never
 * reached success goes back to the pool, in the audit log and on the System page. Reclaiming is off by default.
 */
class HousekeepingIT {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

    private static HttpResponse<String> status(Fixture f, long id, String status, long done) throws Exception {
        return f.postDevice(
                "/api/status",
                "{\"deployment_id\":%d,\"status\":\"%s\",\"bytes_done\":%d}".formatted(id, status, done));
    }

    private static long config(Fixture f, String serial) throws Exception {
        return Fixture.json(f.postDevice("/api/config", Fixture.config(serial)))
                .get("deployment_id")
                .asLong();
    }

    private static int events(Fixture f, long id) throws Exception {
        return Fixture.json(f.getAdmin("/api/v1/deployments/" + id + "/history"))
                .get("events")
                .size();
    }

    @Test
    void thinsTheHistoryOfGoodDeploymentsAndReclaimsHostnamesThatNeverSucceeded() throws Exception {
        ServerSettings settings = ServerSettings.forTest(dir, Fixture.PASSWORD)
                .withCore(CoreSettings.DEFAULTS.withReclaimAfter(Optional.of(Duration.ofMinutes(30))));
        try (Fixture f = new Fixture(dir, settings, clock).seeded()) {
            long good = config(f, "10000000aaaa0001");
            long failed = config(f, "10000000aaaa0002");
            long stuck = config(f, "10000000aaaa0003");
            for (long id : new long[] {good, failed}) {
                status(f, id, "downloading", 0);
                for (int i = 1; i <= 8; i++) {
                    assertThat(status(f, id, "downloading", i * 1000L).statusCode())
                            .isEqualTo(200);
                }
            }
            status(f, good, "verifying", 0);
            status(f, good, "customizing", 0);
            status(f, good, "success", 0);
            status(f, failed, "failed", 0);
            status(f, stuck, "downloading", 0);
            assertThat(events(f, good)).isEqualTo(13);
            assertThat(events(f, failed)).isEqualTo(11);

            clock.advance(Duration.ofMinutes(31));
            f.server.housekeepNow();
            assertThat(events(f, good)).as("within the retention").isEqualTo(13);
            assertThat(f.server.core().listPool().list(PoolFilter.ALL))
                    .filteredOn(e -> e.number() <= 3)
                    .extracting(e -> e.hostname().value() + " " + e.state())
                    .containsExactlyInAnyOrder(
                            "KXP2-CORO-001 ASSIGNED", "KXP2-CORO-002 AVAILABLE", "KXP2-CORO-003 AVAILABLE");
            String audit = f.getAdmin("/api/v1/audit").body();
            assertThat(audit)
                    .contains("hostname.reclaim")
                    .contains("KXP2-CORO-002")
                    .contains("KXP2-CORO-003")
                    .doesNotContain("\"target\":\"KXP2-CORO-001\"");
            JsonNode house = Fixture.json(f.getAdmin("/api/v1/system")).get("housekeeping");
            assertThat(house.get("hostnames_reclaimed").asInt()).isEqualTo(2);
            assertThat(house.get("reclaim_unfinished_after_minutes").asInt()).isEqualTo(30);
            assertThat(f.postDevice("/api/config", Fixture.config("10000000aaaa0001"))
                            .body())
                    .contains("KXP2-CORO-001");

            clock.advance(Duration.ofDays(1));
            f.server.housekeepNow();
            assertThat(events(f, good))
                    .as("created, 4 status changes, the last downloading progress")
                    .isEqualTo(6);
            assertThat(events(f, failed)).as("a failure keeps everything").isGreaterThanOrEqualTo(11);
        }
    }

    @Test
    void reclaimingIsOffByDefault() throws Exception {
        try (Fixture f = new Fixture(dir, ServerSettings.forTest(dir, Fixture.PASSWORD), clock).seeded()) {
            long stuck = config(f, "10000000aaaa0003");
            status(f, stuck, "downloading", 0);
            clock.advance(Duration.ofDays(30));
            f.server.housekeepNow();
            assertThat(f.getAdmin("/api/v1/audit").body()).doesNotContain("hostname.reclaim");
            assertThat(Fixture.json(f.getAdmin("/api/v1/system"))
                            .get("housekeeping")
                            .get("reclaim_unfinished_after_minutes")
                            .asText())
                    .isEqualTo("off");
        }
    }
}
