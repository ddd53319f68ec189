package pideploy.deploy.persistence.sqlite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.storage.fs.DirectoryImageStore;

/**
 * Measures hostname assignments per second on a real SQLite file (WAL, synchronous NORMAL), with 1 and 16 threads:
 * each assignment is a full {@code AnswerConfig} transaction (device lookup, batch check, pool pick, device and pool
 * update, deployment and event insert, commit). Also measures repeated requests of devices that already hold a
 * hostname. Not a test: run it with
 * {@code mvn -B -q -pl deploy-persistence-sqlite test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=pideploy.deploy.persistence.sqlite.AssignmentBenchmark}.
 */
public final class AssignmentBenchmark {
    private static final int DEVICES = 4000;
    private static final int ROUNDS = 3;

    private AssignmentBenchmark() {}

    public static void main(String[] args) throws Exception {
        // Per-request INFO lines go to the console in a server too, but here they would measure the terminal.
        Logger.getLogger("").setLevel(Level.WARNING);
        for (var h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.WARNING);
        }
        System.out.printf(
                Locale.ROOT,
                "java %s, %d cpus, %d devices per run, best of %d runs%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                DEVICES,
                ROUNDS);
        for (int threads : new int[] {1, 16}) {
            List<double[]> runs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                runs.add(run(threads));
            }
            double[] best =
                    runs.stream().max(Comparator.comparingDouble(r -> r[0])).orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "threads=%2d  new assignments: %7.0f /s   repeat requests: %7.0f /s%n",
                    threads,
                    best[0],
                    best[1]);
        }
    }

    /** Returns {new assignments per second, repeated requests per second}. */
    private static double[] run(int threads) throws Exception {
        Path dir = Files.createTempDirectory("pideploy-bench");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("pideploy.db")))) {
            DeployCore core = DeployCore.create(
                    db.fleetStore(),
                    new DirectoryImageStore(dir.resolve("images")),
                    EventPublisher.NONE,
                    Clock.systemUTC(),
                    CoreSettings.DEFAULTS);
            FleetFixtures.seed(db.fleetStore());
            ProductCode product = FleetFixtures.KXP2;
            VenueCode venue = FleetFixtures.CORO;
            core.registerImage()
                    .register(new RegisterImageCommand(
                            product,
                            ImageVersion.of("1.0"),
                            "k.img",
                            new ByteArrayInputStream(new byte[4096]),
                            "",
                            Optional.empty(),
                            true));
            core.importPool().importNumbers(ImportPoolCommand.parse(venue, product, "1-" + DEVICES));
            double fresh = DEVICES / seconds(measure(core, threads, product, venue));
            double repeat = DEVICES / seconds(measure(core, threads, product, venue));
            return new double[] {fresh, repeat};
        } finally {
            deleteTree(dir);
        }
    }

    private static Duration measure(DeployCore core, int threads, ProductCode product, VenueCode venue)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (long device = thread; device < DEVICES; device += threads) {
                        ConfigAnswer answer = core.answerConfig()
                                .answer(ConfigRequest.of(product, venue, FleetFixtures.device(device)));
                        if (!(answer instanceof ConfigAnswer.Assigned)) {
                            throw new IllegalStateException("device " + device + ": " + answer);
                        }
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            pool.shutdown();
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
