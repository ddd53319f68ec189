package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.venue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetStoreFixture;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.GroupOutcome;
import pideploy.deploy.core.venue.VenueCode;

/**
 * Contract of {@link GroupCommit} on a real store (ADR-0053): requests queued together share one group, and one that
 * fails inside the group fails alone. Real threads; the groups are counted by a pass-through store.
 */
public abstract class GroupCommitContract extends FleetStoreFixture {
    private static final VenueCode MESA = VenueCode.of("MESA");
    private static final VenueCode PARK = VenueCode.of("PARK");

    @Test
    void oneBadRequestInAGroupFailsOnlyThatRequest() throws Exception {
        CountingStore counting = new CountingStore(store);
        GroupCommit writes = new GroupCommit(counting);
        CountDownLatch inFirstGroup = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            // The first request holds the writer inside its transaction until the other three are queued.
            Future<String> first = threads.submit(() -> writes.write(tx -> {
                inFirstGroup.countDown();
                await(release);
                tx.venues().add(venue(CORO));
                return "first";
            }));
            inFirstGroup.await();
            Future<String> good = threads.submit(() -> writes.write(tx -> {
                tx.venues().add(venue(LEMA));
                return "good";
            }));
            Future<String> bad = threads.submit(() -> writes.write(tx -> {
                tx.venues().add(venue(MESA));
                throw new IllegalArgumentException("bad request");
            }));
            Future<String> alsoGood = threads.submit(() -> writes.write(tx -> {
                tx.venues().add(venue(PARK));
                return "also good";
            }));
            while (writes.queued() < 3) {
                Thread.onSpinWait();
            }
            release.countDown();

            assertThat(first.get()).isEqualTo("first");
            assertThat(good.get()).isEqualTo("good");
            assertThat(alsoGood.get()).isEqualTo("also good");
            assertThat(catching(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad request");
        }
        assertThat(counting.groupSizes)
                .as("the three queued requests shared one transaction")
                .containsExactly(1, 3);
        assertThat(store.read((FleetTransaction tx) -> tx.venues().list()))
                .extracting(v -> v.code())
                .containsExactlyInAnyOrder(CORO, LEMA, PARK);
    }

    @Test
    void aLoneRequestIsAnsweredWithoutWaitingForOthers() {
        GroupCommit writes = new GroupCommit(store);

        Integer seven = writes.write(tx -> {
            tx.venues().add(venue(CORO));
            return 7;
        });
        Boolean found = writes.write(tx -> tx.venues().find(CORO).isPresent());

        assertThat(seven).isEqualTo(7);
        assertThat(found).isTrue();
    }

    @Test
    void manyThreadsAtOnceAllCommit() throws Exception {
        GroupCommit writes = new GroupCommit(store);
        List<VenueCode> codes = List.of(
                        "AAAA", "BBBB", "CCCC", "DDDD", "EEEE", "FFFF", "GGGG", "HHHH", "IIII", "JJJJ", "KKKK", "LLLL",
                        "MMMM", "NNNN", "OOOO", "PPPP")
                .stream()
                .map(VenueCode::of)
                .toList();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (VenueCode code : codes) {
                threads.submit(() -> {
                    await(go);
                    return writes.write(tx -> {
                        tx.venues().add(venue(code));
                        return code;
                    });
                });
            }
            go.countDown();
        }
        assertThat(store.read((FleetTransaction tx) -> tx.venues().list()))
                .extracting(v -> v.code())
                .containsExactlyInAnyOrderElementsOf(codes);
    }

    private static Throwable catching(Future<?> f) throws InterruptedException {
        try {
            f.get();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Passes everything to the real store and notes the size of each group. */
    private static final class CountingStore implements FleetStore {
        final FleetStore real;
        final List<Integer> groupSizes = new CopyOnWriteArrayList<>();

        CountingStore(FleetStore real) {
            this.real = real;
        }

        @Override
        public <T> T write(Function<FleetTransaction, T> work) {
            return real.write(work);
        }

        @Override
        public <T> List<GroupOutcome<T>> writeGroup(List<? extends Function<FleetTransaction, ? extends T>> works) {
            groupSizes.add(works.size());
            return real.writeGroup(works);
        }

        @Override
        public <T> T read(Function<FleetTransaction, T> work) {
            return real.read(work);
        }

        @Override
        public void ping() {
            real.ping();
        }
    }
}
