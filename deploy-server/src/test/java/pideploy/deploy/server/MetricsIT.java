package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;

/**
 * {@code GET /metrics} of the real server on loopback: JVM and process meters, and the fleet's gauges (ADR-0050),
 * which follow an assignment within their few seconds of age.
 */
class MetricsIT {
    @TempDir
    static java.nio.file.Path dir;

    static Fixture f;

    @BeforeAll
    static void start() {
        f = new Fixture(dir).seeded();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void scrapeHasJvmAndProcessMeters() throws Exception {
        HttpResponse<String> r = f.getAdmin("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        for (String name : List.of(
                "jvm_memory_used_bytes",
                "jvm_memory_max_bytes",
                "jvm_gc_",
                "jvm_threads_live_threads",
                "jvm_threads_states_threads",
                "jvm_classes_loaded_classes",
                "process_cpu_usage",
                "system_cpu_count",
                "process_uptime_seconds",
                "process_start_time_seconds",
                "process_files_open_files",
                "process_files_max_files")) {
            assertThat(r.body()).as("meter " + name).contains("\n" + name);
        }
        assertThat(value(r.body(), "jvm_threads_live_threads").orElseThrow()).isPositive();
        assertThat(value(r.body(), "process_files_open_files").orElseThrow()).isPositive();
    }

    @Test
    void poolAndDeploymentGaugesFollowAnAssignment() throws Exception {
        String available = "state=\"available\"";
        String assigned = "state=\"assigned\"";
        String body = f.getAdmin("/metrics").body();
        for (String status :
                List.of("started", "downloading", "verifying", "customizing", "success", "booted", "failed")) {
            assertThat(value(body, "pideploy_deployments", "status=\"" + status + "\""))
                    .as(status)
                    .isPresent();
        }
        assertThat(value(body, "pideploy_pool_hostnames", KXP2, CORO, available))
                .isPresent();
        long heldBefore = f.server.core().listPool().counts().getFirst().assigned();

        HttpResponse<String> config = f.postDevice("/api/config", Fixture.config("10000000ae7e0001"));
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);

        // The gauges are at most DeployMetrics.FLEET_MAX_AGE old: scrape until they show the assignment.
        Instant deadline = Instant.now().plus(DeployMetrics.FLEET_MAX_AGE.multipliedBy(3));
        String after = f.getAdmin("/metrics").body();
        while (value(after, "pideploy_pool_hostnames", KXP2, CORO, assigned).orElseThrow() != heldBefore + 1
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            after = f.getAdmin("/metrics").body();
        }
        assertThat(value(after, "pideploy_pool_hostnames", KXP2, CORO, assigned))
                .hasValue(heldBefore + 1);
        assertThat(value(after, "pideploy_pool_hostnames", KXP2, CORO, available))
                .hasValue(50 - heldBefore - 1);
        assertThat(value(after, "pideploy_deployments", "status=\"started\"").orElseThrow())
                .isGreaterThanOrEqualTo(1);
    }

    /** Labels of the demo pool's series, each matched on its own (Micrometer orders a series' labels by name). */
    static final String KXP2 = "product=\"KXP2\"";

    static final String CORO = "venue=\"CORO\"";

    /**
     * The value of one sample, by metric name and labels that its series must all have (none given: the series
     * without labels).
     */
    static OptionalDouble value(String scrape, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(scrape);
        while (m.find()) {
            String have = m.group(2) == null ? "" : m.group(2);
            boolean match = labels.length == 0
                    ? have.isEmpty()
                    : java.util.Arrays.stream(labels).allMatch(have::contains);
            if (match) {
                return OptionalDouble.of(Double.parseDouble(m.group(3)));
            }
        }
        return OptionalDouble.empty();
    }
}
