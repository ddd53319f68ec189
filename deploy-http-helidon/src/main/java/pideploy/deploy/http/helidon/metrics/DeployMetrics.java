package pideploy.deploy.http.helidon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import pideploy.deploy.core.usecase.FleetSummary;

/**
 * The server's meters, one registry per server instance (tests run several servers in one JVM, so nothing global).
 * Names follow Prometheus conventions after Micrometer's renaming ({@code pideploy.config.requests} becomes
 * {@code pideploy_config_requests_total}). Besides the server's own meters: Micrometer's JVM and process binders
 * ({@code jvm_*}, {@code process_*}, {@code system_cpu_*}) and, once {@link #watchFleet} is called, the fleet's
 * gauges (ADR-0050). docs/operations.md lists them.
 */
public final class DeployMetrics implements AutoCloseable {
    /** How old the fleet gauges' figures may be before a scrape reads them again. */
    public static final Duration FLEET_MAX_AGE = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeDownloads = new AtomicInteger();
    private final AtomicInteger sseClients = new AtomicInteger();
    // Meters by tag values, so the hot path is a map lookup, not a registry builder per request.
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter bytesServed;
    private final Counter assignments;
    // Listens to GC notifications: the only binder that holds something to release.
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile FleetGauges fleet;

    public DeployMetrics() {
        bytesServed = Counter.builder("pideploy.image.bytes.served")
                .baseUnit("bytes")
                .description("Image bytes sent to devices")
                .register(registry);
        assignments = Counter.builder("pideploy.assignments")
                .description("Config answers that handed a device a hostname")
                .register(registry);
        Gauge.builder("pideploy.image.downloads.active", activeDownloads, AtomicInteger::get)
                .description("Image downloads in progress")
                .register(registry);
        Gauge.builder("pideploy.events.clients", sseClients, AtomicInteger::get)
                .description("Connected live-event clients")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * Adds the pool and deployment gauges, read from {@code summary} by a scrape when the last read is older than
     * {@link #FLEET_MAX_AGE} (never by a device's request). A second call is refused: one server, one fleet.
     */
    public synchronized void watchFleet(Supplier<FleetSummary> summary, InstantSource clock) {
        if (fleet != null) {
            throw new IllegalStateException("the fleet gauges are already bound to a fleet");
        }
        fleet = new FleetGauges(summary, FLEET_MAX_AGE, clock, registry);
    }

    /** One config request, by outcome ({@code assigned} or an error code). */
    public void configRequest(String outcome) {
        counters.computeIfAbsent(
                        "config|" + outcome,
                        k -> Counter.builder("pideploy.config.requests")
                                .tag("outcome", outcome)
                                .description("POST /api/config requests by outcome")
                                .register(registry))
                .increment();
        if ("assigned".equals(outcome)) {
            assignments.increment();
        }
    }

    public void statusReport(String status) {
        counters.computeIfAbsent(
                        "status|" + status,
                        k -> Counter.builder("pideploy.status.reports")
                                .tag("status", status)
                                .description("POST /api/status reports by reported status")
                                .register(registry))
                .increment();
    }

    /** An error answer sent to a client, by error code and HTTP status. */
    public void error(String code, int status) {
        counters.computeIfAbsent(
                        "error|" + code + "|" + status,
                        k -> Counter.builder("pideploy.errors")
                                .tag("code", code)
                                .tag("status", Integer.toString(status))
                                .description("Error answers by code")
                                .register(registry))
                .increment();
    }

    public void request(String listener, String route, int status, Duration took) {
        timers.computeIfAbsent(
                        listener + "|" + route + "|" + status,
                        k -> Timer.builder("pideploy.http.requests")
                                .tag("listener", listener)
                                .tag("route", route)
                                .tag("status", Integer.toString(status))
                                .publishPercentiles(0.5, 0.99)
                                .description("HTTP request latency")
                                .register(registry))
                .record(took);
    }

    public void downloadStarted() {
        activeDownloads.incrementAndGet();
    }

    public void downloadEnded(long bytes) {
        activeDownloads.decrementAndGet();
        bytesServed.increment(bytes);
    }

    public void sseConnected() {
        sseClients.incrementAndGet();
    }

    public void sseDisconnected() {
        sseClients.decrementAndGet();
    }

    public int activeDownloads() {
        return activeDownloads.get();
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        FleetGauges f = fleet;
        if (f != null) {
            f.refreshIfStale();
        }
        return registry.scrape();
    }

    /** Stops listening to garbage collections; the registry stays readable. */
    @Override
    public void close() {
        gc.close();
    }
}
