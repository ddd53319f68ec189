package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.FleetStoreFixture;

/**
 * A boot storm with real threads: 1,000 devices ask at once on 64 threads, each twice. The first 400 new devices
 * are taken by an active batch (LEMA/RXP2), the rest come from CORO/KXP2 as their requests say. No hostname may be
 * held twice, the batch must count down exactly, and every device's second request must return its own hostname.
 */
public abstract class BootStormContract extends FleetStoreFixture {
    private static final int DEVICES = 1000;
    private static final int THREADS = 64;
    private static final int BATCH = 400;

    @Test
    void givesEveryDeviceItsOwnHostnameAndTheSameOneOnItsRetry() throws Exception {
        DeployCore core = DeployCore.create(
                store,
                new InMemoryImageStore(),
                new RecordingEventPublisher(),
                Clock.fixed(T0, ZoneOffset.UTC),
                CoreSettings.DEFAULTS);
        FleetFixtures.seed(store);
        for (var product : List.of(KXP2, RXP2)) {
            core.registerImage()
                    .register(new RegisterImageCommand(
                            product,
                            ImageVersion.of("1.0"),
                            "i.img",
                            new ByteArrayInputStream(new byte[4096]),
                            "",
                            Optional.empty(),
                            true));
        }
        core.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-700"));
        core.importPool().importNumbers(ImportPoolCommand.parse(LEMA, RXP2, "1-" + BATCH));
        Batch batch = ((BatchCreation.Created) core.createBatch().create(new CreateBatchCommand(LEMA, RXP2, BATCH, 5)))
                .batch();
        core.changeBatchState().change(batch.id(), BatchAction.START);

        Map<Long, Hostname> first = new ConcurrentHashMap<>();
        Map<Long, Hostname> second = new ConcurrentHashMap<>();
        storm(core, first);
        storm(core, second);

        assertThat(first).hasSize(DEVICES);
        assertThat(new HashSet<>(first.values())).hasSize(DEVICES);
        assertThat(second).isEqualTo(first);
        assertThat(first.values().stream().filter(h -> h.value().startsWith("RXP2-LEMA-")))
                .hasSize(BATCH);
        Batch done = core.listBatches().find(batch.id()).orElseThrow();
        assertThat(done.remaining()).isZero();
        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);

        List<PoolEntry> assigned = core.listPool()
                .list(new PoolFilter(Optional.empty(), Optional.empty(), Optional.of(PoolEntryState.ASSIGNED)));
        assertThat(assigned).hasSize(DEVICES);
        Set<Long> holders = new HashSet<>();
        assigned.forEach(e -> holders.add(e.holder().orElseThrow()));
        assertThat(holders).hasSize(DEVICES);
        Map<Hostname, Long> holderOf = new HashMap<>();
        assigned.forEach(e -> holderOf.put(e.hostname(), e.holder().orElseThrow()));
        store.read(tx -> {
            for (var entry : first.entrySet()) {
                Device device = tx.devices()
                        .findBySerial(FleetFixtures.serial(entry.getKey()))
                        .orElseThrow();
                assertThat(device.hostname()).contains(entry.getValue());
                assertThat(holderOf.get(entry.getValue())).isEqualTo(device.id());
            }
            return null;
        });
        assertThat(core.findDeployments().find(DeploymentFilter.all(1)).total()).isEqualTo(2L * DEVICES);
        for (long device = 0; device < DEVICES; device++) {
            var attempts =
                    core.findDeployments().find(DeploymentFilter.all(10).withSerial(FleetFixtures.serial(device)));
            assertThat(attempts.total()).as("attempts of device %d", device).isEqualTo(2);
            assertThat(attempts.items()).extracting(d -> d.hostname()).containsOnly(first.get(device));
        }
    }

    private static void storm(DeployCore core, Map<Long, Hostname> hostnames) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (long device = thread; device < DEVICES; device += THREADS) {
                        ConfigAnswer answer =
                                core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device)));
                        assertThat(answer).isInstanceOf(ConfigAnswer.Assigned.class);
                        hostnames.put(device, ((ConfigAnswer.Assigned) answer).hostname());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
