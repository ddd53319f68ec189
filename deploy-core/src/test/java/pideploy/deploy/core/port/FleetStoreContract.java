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
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");

        assertThat(read((FleetTransaction tx) -> tx.venues().list())).isEmpty();
    }

    @Test
    void rollsBackEarlierWritesWhenALaterOneBreaksAUniqueRule() {
        writeVoid(tx -> tx.venues().add(venue(CORO)));

        assertThatThrownBy(() -> writeVoid(tx -> {
                    tx.venues().add(venue(LEMA));
                    tx.venues().add(venue(CORO));
                }))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(read((FleetTransaction tx) -> tx.venues().list()))
                .extracting(v -> v.code())
                .containsExactly(CORO);
    }

    @Test
    void aGroupCommitsEveryWorkThatReturnedAndUndoesOnlyTheOneThatThrew() {
        List<java.util.function.Function<FleetTransaction, String>> works = List.of(
                tx -> {
                    tx.venues().add(venue(CORO));
                    return "first";
                },
                tx -> {
                    tx.venues().add(venue(pideploy.deploy.core.venue.VenueCode.of("MESA")));
                    throw new IllegalStateException("bad request");
                },
                tx -> {
                    tx.venues().add(venue(LEMA));
                    return "third";
                });

        List<GroupOutcome<String>> outcomes = store.writeGroup(works);

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isEqualTo(new GroupOutcome.Done<>("first"));
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        GroupOutcome.Failed.class,
                        f -> assertThat(f.error())
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessage("bad request"));
        assertThat(outcomes.get(2)).isEqualTo(new GroupOutcome.Done<>("third"));
        assertThat(read((FleetTransaction tx) -> tx.venues().list()))
                .extracting(v -> v.code())
                .containsExactlyInAnyOrder(CORO, LEMA);
    }

    @Test
    void aGroupUndoesAWorkThatBrokeAUniqueRuleAndKeepsTheOthers() {
        writeVoid(tx -> tx.venues().add(venue(CORO)));
        List<java.util.function.Function<FleetTransaction, Integer>> works = List.of(
                tx -> {
                    tx.venues().add(venue(LEMA));
                    return 1;
                },
                tx -> {
                    tx.venues().add(venue(pideploy.deploy.core.venue.VenueCode.of("MESA")));
                    tx.venues().add(venue(CORO)); // taken: this work's MESA must go too
                    return 2;
                },
                tx -> tx.venues().list().size());

        List<GroupOutcome<Integer>> outcomes = store.writeGroup(works);

        assertThat(outcomes.get(0)).isEqualTo(new GroupOutcome.Done<>(1));
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        GroupOutcome.Failed.class,
                        f -> assertThat(f.error()).isInstanceOf(DuplicateKeyException.class));
        assertThat(outcomes.get(2))
                .as("a later work sees the earlier ones' changes, not the undone one's")
                .isEqualTo(new GroupOutcome.Done<>(2));
        assertThat(read((FleetTransaction tx) -> tx.venues().list()))
                .extracting(v -> v.code())
                .containsExactlyInAnyOrder(CORO, LEMA);
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

        assertThat(read((FleetTransaction tx) -> tx.batches().find(batch.id()))
                        .orElseThrow()
                        .remaining())
                .isEqualTo(400 - threads * perThread);
    }

    @Test
    void refusesWritesInsideAReadTransaction() {
        assertThatThrownBy(() -> store.read(tx -> {
                    tx.venues().add(venue(CORO));
                    return null;
                }))
                .isInstanceOf(RuntimeException.class);

        assertThat(read((FleetTransaction tx) -> tx.venues().list())).isEmpty();
    }

    @Test
    void answersPingWhenReachable() {
        store.ping();
    }
}
