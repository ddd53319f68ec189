package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;
import static pideploy.deploy.core.fixture.FleetFixtures.venue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.fixture.FleetFixtures;

/** Contract of {@link FleetStore}: atomic, serialised write transactions and consistent reads. */
public abstract class FleetStoreContract extends FleetStoreFixture {

    @Test
    void commitsWhatAWriteChanged() {
        writeVoid(tx -> tx.venues().add(venue(CORO)));

        assertThat(read((FleetTransaction tx) -> tx.venues().find(CORO))).isPresent();
    }

    @Test
    void rollsBackEverythingWhenTheWorkThrows() {
        assertThatThrownBy(() -> writeVoid(tx -> {
            tx.venues().add(venue(CORO));
            tx.venues().add(venue(LEMA));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(read((FleetTransaction tx) -> tx.venues().list())).isEmpty();
    }

    @Test
    void rollsBackEarlierWritesWhenALaterOneBreaksAUniqueRule() {
        writeVoid(tx -> tx.venues().add(venue(CORO)));

        assertThatThrownBy(() -> writeVoid(tx -> {
            tx.venues().add(venue(LEMA));
            tx.venues().add(venue(CORO));
        })).isInstanceOf(DuplicateKeyException.class);

        assertThat(read((FleetTransaction tx) -> tx.venues().list())).extracting(v -> v.code()).containsExactly(CORO);
    }

    @Test
    void returnsTheWorksResult() {
        assertThat(store.write((FleetTransaction tx) -> 42)).isEqualTo(42);
        assertThat(store.read((FleetTransaction tx) -> "x")).isEqualTo("x");
    }

    @Test
    void serialisesConcurrentReadModifyWriteTransactions() throws Exception {
        FleetFixtures.seed(store);
        Batch batch = write((FleetTransaction tx) -> {
            Batch b = tx.batches().add(CORO, KXP2, 400, 0, T0);
            Batch active = b.moveTo(BatchState.ACTIVE, T0);
            tx.batches().update(active);
            return active;
        });
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writeVoid(tx -> {
                            Batch current = tx.batches().find(batch.id()).orElseThrow();
                            tx.batches().update(current.consumeOne(T0));
                        });
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(read((FleetTransaction tx) -> tx.batches().find(batch.id())).orElseThrow().remaining())
                .isEqualTo(400 - threads * perThread);
    }

    @Test
    void refusesWritesInsideAReadTransaction() {
        assertThatThrownBy(() -> store.read(tx -> {
            tx.venues().add(venue(CORO));
            return null;
        })).isInstanceOf(RuntimeException.class);

        assertThat(read((FleetTransaction tx) -> tx.venues().list())).isEmpty();
    }

    @Test
    void answersPingWhenReachable() {
        store.ping();
    }
}
