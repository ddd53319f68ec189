package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;

/**
 * The server is stopped in the middle of a boot storm (no grace: in-flight requests are cut) and started again on
 * the same data. Devices retry like the installer does. Afterwards every device holds exactly one hostname, the same
 * one it was told every time it got an answer, and no hostname is held twice.
 */
class RestartIT {
    static final int DEVICES = 300;

    @Test
    void assignmentsSurviveAStopMidStorm(@TempDir java.nio.file.Path dir) throws Exception {
        Fixture f = new Fixture(dir).seeded().pool(51, 400);
        AtomicReference<URI> base = new AtomicReference<>(f.server.deviceUrl());
        AtomicInteger answered = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        List<Future<List<String>>> devices = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < DEVICES; i++) {
                String serial = "%016x".formatted(0x20000000_00000000L + i);
                int delay = i * 3;
                devices.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    List<String> seen = new ArrayList<>();
                    for (int ask = 0; ask < 2; ask++) {
                        seen.add(askUntilAnswered(http, base, serial));
                        answered.incrementAndGet();
                    }
                    return seen;
                }));
            }
            while (answered.get() < DEVICES / 3) {
                Thread.sleep(5);
            }
            f.server.stop();
            f.restart();
            base.set(f.server.deviceUrl());
        }
        Map<String, String> holderOf = new HashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            List<String> seen = devices.get(i).get();
            assertThat(seen.get(1)).as("device %d", i).isEqualTo(seen.get(0));
            String previous = holderOf.put(seen.get(0), "device " + i);
            assertThat(previous).as("hostname %s", seen.get(0)).isNull();
        }
        List<PoolEntry> assigned = f.server.core().listPool().list(PoolFilter.ALL).stream()
                .filter(e -> e.state() == PoolEntryState.ASSIGNED)
                .toList();
        assertThat(assigned).hasSize(DEVICES);
        assertThat(assigned.stream().map(e -> e.holder().getAsLong()).distinct().count())
                .isEqualTo(DEVICES);
        assertThat(assigned.stream().map(e -> e.hostname().value()).toList())
                .containsExactlyInAnyOrderElementsOf(holderOf.keySet());
        f.close();
    }

    /** Retries network errors and 5xx like the installer (short fixed pause here); any other answer ends it. */
    static String askUntilAnswered(HttpClient http, AtomicReference<URI> base, String serial) throws Exception {
        for (int attempt = 0; attempt < 400; attempt++) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base.get() + "/api/config"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Fixture.config(serial)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode j = Fixture.json(r);
                    return j.get("hostname").asText();
                }
                if (r.statusCode() < 500) {
                    return "HTTP " + r.statusCode() + " " + r.body();
                }
            } catch (java.io.IOException e) {
                // server stopping or not up yet: retry
            }
            Thread.sleep(25);
        }
        return "gave up";
    }
}
