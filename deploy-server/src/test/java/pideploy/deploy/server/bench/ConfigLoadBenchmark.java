package pideploy.deploy.server.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RateLimit;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.server.PiDeployServer;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.config.ServerSettings;

/**
 * N devices boot at once (one virtual thread each, released together), each asks {@code POST /api/config} twice, as a
 * retrying installer would. Reports requests per second and latency percentiles, and checks the answers: all
 * distinct, every retry the same, no errors. Starts its own server on a fresh data directory unless {@code --url} is
 * given (then that server must have venue CORO with a KXP2 pool and an active image).
 *
 * <pre>mvn -B -q -pl deploy-server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=pideploy.deploy.server.bench.ConfigLoadBenchmark -Dexec.args="--devices 1000"</pre>
 */
public final class ConfigLoadBenchmark {
    private ConfigLoadBenchmark() {}

    record Sample(String serial, int status, String hostname, long nanos) {}

    public static void main(String[] args) throws Exception {
        int devices = 1000;
        int rounds = 1;
        int serveNumbers = 0;
        URI url = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> devices = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--url" -> url = URI.create(args[++i]);
                case "--serve" -> serveNumbers = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; use --devices N [--rounds R] [--url http://host:port] | --serve POOL_NUMBERS");
            }
        }
        PrintStream out = System.out;
        Path dir = null;
        PiDeployServer server = null;
        if (url == null) {
            dir = Files.createTempDirectory("pideploy-bench");
            // Every device of the benchmark comes from one loopback address: lift the per-address budget of new
            // hostnames (ADR-0045), which would otherwise refuse all but the first 1,000.
            server = PiDeployServer.start(ServerSettings.forTest(dir, "benchmark-password")
                    .withCore(CoreSettings.DEFAULTS.withAssignmentLimit(RateLimit.perMinute(100_000, 60_000))));
            DemoSeed.seed(server.core());
            int numbers = serveNumbers > 0 ? serveNumbers : devices * rounds + 100;
            for (int from = 51; from < 51 + numbers; from += 10_000) { // an import takes at most 10,000 numbers
                server.core()
                        .importPool()
                        .importNumbers(ImportPoolCommand.parse(
                                VenueCode.of("CORO"),
                                ProductCode.of("KXP2"),
                                from + "-" + Math.min(from + 9_999, 50 + numbers)));
            }
            url = server.deviceUrl();
        }
        if (serveNumbers > 0) {
            // For an external load generator (bench/config-storm.lua): serve until stdin closes or the JVM is killed.
            out.printf("serving %s with %d pool numbers; close stdin to stop%n", url, serveNumbers);
            out.flush();
            while (System.in.read() >= 0) {
                // wait
            }
            server.stop();
            return;
        }
        out.printf(
                "config load: %d devices x 2 requests, %d round(s), against %s, %d CPUs, Java %s%n",
                devices, rounds, url, Runtime.getRuntime().availableProcessors(), Runtime.version());
        try {
            for (int round = 0; round < rounds; round++) {
                run(out, url, devices, round);
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    static void run(PrintStream out, URI url, int devices, int round) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Sample[]>> futures = new ArrayList<>();
        long t0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < devices; i++) {
                String serial = "%016x".formatted(0x30000000_00000000L + round * 1_000_000L + i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return new Sample[] {ask(http, url, serial), ask(http, url, serial)};
                }));
            }
            t0 = System.nanoTime();
            go.countDown();
        }
        long wall = System.nanoTime() - t0;
        long[] lat = new long[devices * 2];
        int errors = 0;
        int changed = 0;
        Set<String> hostnames = new HashSet<>();
        int k = 0;
        for (Future<Sample[]> f : futures) {
            Sample[] s = f.get();
            for (Sample x : s) {
                lat[k++] = x.nanos();
                if (x.status() != 200) {
                    errors++;
                }
            }
            if (s[0].status() == 200 && !s[0].hostname().equals(s[1].hostname())) {
                changed++;
            }
            if (s[0].status() == 200) {
                hostnames.add(s[0].hostname());
            }
        }
        Arrays.sort(lat);
        out.printf(
                "round %d: %d requests in %.2f s = %.0f req/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms; %d distinct hostnames, %d changed on retry, %d errors%n",
                round + 1,
                lat.length,
                wall / 1e9,
                lat.length / (wall / 1e9),
                pct(lat, 50),
                pct(lat, 90),
                pct(lat, 99),
                lat[lat.length - 1] / 1e6,
                hostnames.size(),
                changed,
                errors);
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static Sample ask(HttpClient http, URI url, String serial) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/config"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    ("{\"serial_number\":\"%s\",\"product_type\":\"KXP2\","
                                                    + "\"venue_code\":\"CORO\"}")
                                            .formatted(serial)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t;
            String hostname = r.statusCode() == 200
                    ? Json.MAPPER.readTree(r.body()).path("hostname").asText()
                    : r.body();
            return new Sample(serial, r.statusCode(), hostname, took);
        } catch (Exception e) {
            return new Sample(serial, -1, e.toString(), System.nanoTime() - t);
        }
    }
}
