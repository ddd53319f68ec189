package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.pool.PoolEntryState;

/** Hundreds of devices booting at once, each asking twice: distinct hostnames, stable retries, no 5xx. */
class BootStormIT {
    static final int DEVICES = 400;

    record Answers(int firstStatus, String first, int secondStatus, String second) {}

    @Test
    void everyDeviceGetsItsOwnHostnameAndKeepsIt(@TempDir java.nio.file.Path dir) throws Exception {
        try (Fixture f = new Fixture(dir).seeded().pool(51, 500)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answers>> futures = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < DEVICES; i++) {
                    String serial = "%016x".formatted(0x10000000_00000000L + i);
                    futures.add(pool.submit(() -> {
                        go.await();
                        HttpResponse<String> a = f.postDevice("/api/config", Fixture.config(serial));
                        HttpResponse<String> b = f.postDevice("/api/config", Fixture.config(serial));
                        return new Answers(a.statusCode(), hostname(a), b.statusCode(), hostname(b));
                    }));
                }
                go.countDown();
            }
            Set<String> hostnames = new HashSet<>();
            for (Future<Answers> fu : futures) {
                Answers a = fu.get();
                assertThat(a.firstStatus()).as(a.toString()).isEqualTo(200);
                assertThat(a.secondStatus()).as(a.toString()).isEqualTo(200);
                assertThat(a.second()).isEqualTo(a.first());
                hostnames.add(a.first());
            }
            assertThat(hostnames).hasSize(DEVICES);
            long assigned = f.server.core().listPool().list(pideploy.deploy.core.pool.PoolFilter.ALL).stream()
                    .filter(e -> e.state() == PoolEntryState.ASSIGNED)
                    .count();
            assertThat(assigned).isEqualTo(DEVICES);
            String metrics = f.getAdmin("/metrics").body();
            assertThat(metrics).contains("pideploy_config_requests_total{outcome=\"assigned\"} " + (2 * DEVICES));
            assertThat(metrics).doesNotContain("status=\"500\"");
        }
    }

    static String hostname(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode() + " " + r.body();
        }
        JsonNode j = Fixture.json(r);
        return j.get("hostname").asText();
    }
}
