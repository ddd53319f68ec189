package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded growth (ADR-0045): eight threads posting progress for one deployment as fast as they can get most reports
 * answered 429 STATUS_RATE_LIMITED, the history grows by the budget only, and status changes still go through.
 */
class StatusReportRateIT {
    @Test
    void progressFloodIsCappedPerDeploymentAndStatusChangesAreAlwaysTaken(@TempDir Path dir) throws Exception {
        try (Fixture f = new Fixture(dir).seeded()) {
            long id = Fixture.json(f.postDevice("/api/config", Fixture.config("10000000aaaa0001")))
                    .get("deployment_id")
                    .asLong();
            assertThat(status(f, id, "downloading", 0).statusCode()).isEqualTo(200);

            ConcurrentLinkedQueue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            long start = System.nanoTime();
            try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    threads.submit(() -> {
                        go.await();
                        for (int i = 0; i < 40; i++) {
                            answers.add(status(f, id, "downloading", 1000L * (thread * 40 + i)));
                        }
                        return null;
                    });
                }
                go.countDown();
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            List<HttpResponse<String>> kept = new ArrayList<>(
                    answers.stream().filter(r -> r.statusCode() == 200).toList());
            List<HttpResponse<String>> refused =
                    answers.stream().filter(r -> r.statusCode() != 200).toList();
            // Default budget: 10 at once, then one a second.
            assertThat(kept.size()).isLessThanOrEqualTo(10 + (int) Math.ceil(seconds) + 1);
            assertThat(refused).hasSize(320 - kept.size()).allSatisfy(r -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                assertThat(r.body()).contains("\"STATUS_RATE_LIMITED\"");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            });

            assertThat(status(f, id, "verifying", 0).statusCode()).isEqualTo(200);
            assertThat(status(f, id, "customizing", 0).statusCode()).isEqualTo(200);
            assertThat(status(f, id, "success", 0).statusCode()).isEqualTo(200);
            JsonNode history = Fixture.json(f.getAdmin("/api/v1/deployments/" + id + "/history"));
            assertThat(history.get("events").size()).isLessThanOrEqualTo(1 + 1 + kept.size() + 3);
            assertThat(Fixture.json(f.getAdmin("/api/v1/deployments/" + id))
                            .get("status")
                            .asText())
                    .isEqualTo("success");
        }
    }

    private static HttpResponse<String> status(Fixture f, long id, String status, long done) throws Exception {
        return f.postDevice(
                "/api/status",
                "{\"deployment_id\":%d,\"status\":\"%s\",\"bytes_done\":%d}".formatted(id, status, done));
    }
}
