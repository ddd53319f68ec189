package pideploy.deploy.persistence.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;

/**
 * Two "servers" (two adapter instances, two connection pools, two cores) on one database, 32 threads each. Every
 * device asks both servers at once, so the same device races itself across servers as well as against the others: each
 * device must get one hostname, the same from both, and no hostname may go to two devices.
 */
class PostgresTwoServersIT {
    private static final int DEVICES = 600;
    private static final int THREADS_PER_SERVER = 32;

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void noHostnameIsAssignedTwiceAcrossServers() throws Exception {
        LocalPostgres.TestDatabase database = POSTGRES.freshDatabase();
        try (PostgresDatabase a = PostgresDatabase.open(database.settings());
                PostgresDatabase b = PostgresDatabase.open(database.settings())) {
            DeployCore coreA = core(a);
            DeployCore coreB = core(b);
            FleetFixtures.seed(a.fleetStore());
            coreA.registerImage()
                    .register(new RegisterImageCommand(
                            KXP2,
                            ImageVersion.of("1.0"),
                            "i.img",
                            new ByteArrayInputStream(new byte[4096]),
                            "",
                            Optional.empty(),
                            true));
            coreA.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-" + (DEVICES + 50)));

            Map<Long, Hostname> fromA = new ConcurrentHashMap<>();
            Map<Long, Hostname> fromB = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_SERVER);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS_PER_SERVER; t++) {
                    futures.add(threads.submit(storm(coreA, t, false, go, fromA)));
                    futures.add(threads.submit(storm(coreB, t, true, go, fromB)));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                threads.shutdown();
            }

            assertThat(fromA).hasSize(DEVICES);
            assertThat(fromB).isEqualTo(fromA);
            assertThat(new HashSet<>(fromA.values())).hasSize(DEVICES);
            List<PoolEntry> assigned = coreB.listPool()
                    .list(new PoolFilter(Optional.empty(), Optional.empty(), Optional.of(PoolEntryState.ASSIGNED)));
            assertThat(assigned).hasSize(DEVICES);
            assertThat(assigned.stream().map(e -> e.holder().orElseThrow()).distinct())
                    .hasSize(DEVICES);
        }
    }

    private static DeployCore core(PostgresDatabase db) {
        return DeployCore.create(
                db.fleetStore(),
                new InMemoryImageStore(),
                EventPublisher.NONE,
                Clock.systemUTC(),
                CoreSettings.DEFAULTS);
    }

    /** One thread's share of the devices; server B walks them backwards so the two meet in the middle. */
    private static java.util.concurrent.Callable<Void> storm(
            DeployCore core, int thread, boolean backwards, CountDownLatch go, Map<Long, Hostname> into) {
        return () -> {
            go.await();
            for (int i = thread; i < DEVICES; i += THREADS_PER_SERVER) {
                long device = backwards ? DEVICES - 1 - i : i;
                ConfigAnswer answer =
                        core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device)));
                assertThat(answer).as("device %d", device).isInstanceOf(ConfigAnswer.Assigned.class);
                into.put(device, ((ConfigAnswer.Assigned) answer).hostname());
            }
            return null;
        };
    }
}
