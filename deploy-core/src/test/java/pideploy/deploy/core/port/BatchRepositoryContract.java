package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.batch.ExpectedDevices;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.fixture.FleetFixtures;

/** Contract of {@link BatchRepository}. */
public abstract class BatchRepositoryContract extends FleetStoreFixture {

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
    }

    private Batch add(int priority) {
        return write((FleetTransaction tx) -> tx.batches().add(CORO, KXP2, 10, priority, T0));
    }

    private Batch activate(Batch b) {
        Batch active = b.moveTo(BatchState.ACTIVE, T0.plusSeconds(1));
        writeVoid(tx -> tx.batches().update(active));
        return active;
    }

    @Test
    void addsAPendingBatchWithEverythingRemaining() {
        Batch b = write((FleetTransaction tx) -> tx.batches().add(LEMA, RXP2, 25, 3, T0));

        assertThat(b.state()).isEqualTo(BatchState.PENDING);
        assertThat(b.remaining()).isEqualTo(25);
        assertThat(read((FleetTransaction tx) -> tx.batches().find(b.id()))).contains(b);
    }

    @Test
    void keepsTheExpectedDevicesOfEachBatchAndReplacesThemWhole() {
        Batch a = add(0);
        Batch b = add(0);
        ExpectedDevices listed = ExpectedDevices.parse("10000000aaaa0001,dc:a6:32:01:02:03,10000000aaaa0002");

        writeVoid(tx -> tx.batches().setExpected(a.id(), listed));

        assertThat(read((FleetTransaction tx) -> tx.batches().expected(a.id()))).isEqualTo(listed);
        assertThat(read((FleetTransaction tx) -> tx.batches().expected(b.id()))).isEqualTo(ExpectedDevices.ANY);
        assertThat(read((FleetTransaction tx) -> tx.batches()
                        .admits(
                                a.id(),
                                new DeviceIdentity(
                                        Optional.of(SerialNumber.of("10000000ffff0009")), Optional.empty()))))
                .isFalse();
        writeVoid(tx -> tx.batches().setExpected(a.id(), ExpectedDevices.parse("10000000aaaa0003")));
        assertThat(read((FleetTransaction tx) -> tx.batches().expected(a.id())).serials())
                .containsExactly(SerialNumber.of("10000000aaaa0003"));
        writeVoid(tx -> tx.batches().setExpected(a.id(), ExpectedDevices.ANY));
        assertThat(read((FleetTransaction tx) -> tx.batches().expected(a.id())).isEmpty())
                .isTrue();
        assertThatThrownBy(() -> writeVoid(tx -> tx.batches().setExpected(new BatchId(12345), listed)))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void keepsEachBatchsBreakerAndReadsOffForNoneOrAnUnknownBatch() {
        Batch a = add(0);
        Batch b = add(0);
        BatchBreaker tripped = BatchBreaker.counting(Optional.of(new CircuitBreaker(3, 5)), T0.plusSeconds(7))
                .tripped("3 of the last 5 deployments failed (write 3)");

        writeVoid(tx -> tx.batches().setBreaker(a.id(), tripped));

        assertThat(read((FleetTransaction tx) -> tx.batches().breaker(a.id()))).isEqualTo(tripped);
        assertThat(read((FleetTransaction tx) -> tx.batches().breaker(b.id()))).isEqualTo(BatchBreaker.OFF);
        assertThat(read((FleetTransaction tx) -> tx.batches().breaker(new BatchId(12345))))
                .isEqualTo(BatchBreaker.OFF);
        BatchBreaker off = tripped.withRule(Optional.empty(), T0.plusSeconds(9)).resumed(T0.plusSeconds(9));
        writeVoid(tx -> tx.batches().setBreaker(a.id(), off));
        assertThat(read((FleetTransaction tx) -> tx.batches().breaker(a.id()))).isEqualTo(off);
        assertThatThrownBy(() -> writeVoid(tx -> tx.batches().setBreaker(new BatchId(12345), tripped)))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void givesIncreasingIds() {
        Batch a = add(0);
        Batch b = add(0);

        assertThat(b.id().value()).isGreaterThan(a.id().value());
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(read((FleetTransaction tx) -> tx.batches().find(new BatchId(12345))))
                .isEmpty();
    }

    @Test
    void choosesTheHighestPriorityActiveBatchAndTheOldestOnTies() {
        Batch low = activate(add(1));
        Batch highOld = activate(add(5));
        Batch highNew = activate(add(5));
        add(9);

        assertThat(read((FleetTransaction tx) -> tx.batches().nextActive()))
                .map(Batch::id)
                .contains(highOld.id());
        writeVoid(tx -> tx.batches().update(highOld.moveTo(BatchState.PAUSED, T0)));
        assertThat(read((FleetTransaction tx) -> tx.batches().nextActive()))
                .map(Batch::id)
                .contains(highNew.id());
        writeVoid(tx -> tx.batches().update(highNew.moveTo(BatchState.CANCELLED, T0)));
        assertThat(read((FleetTransaction tx) -> tx.batches().nextActive()))
                .map(Batch::id)
                .contains(low.id());
    }

    @Test
    void skipsActiveBatchesWithNothingRemaining() {
        Batch one = write((FleetTransaction tx) -> tx.batches().add(CORO, KXP2, 1, 9, T0));
        Batch active = activate(one);
        Batch other = activate(add(0));
        writeVoid(tx -> tx.batches().update(active.consumeOne(T0)));

        assertThat(read((FleetTransaction tx) -> tx.batches().nextActive()))
                .map(Batch::id)
                .contains(other.id());
        assertThat(read((FleetTransaction tx) -> tx.batches().find(one.id())))
                .map(Batch::state)
                .contains(BatchState.COMPLETED);
    }

    @Test
    void keepsRemainingPriorityStateAndUpdateTime() {
        Batch b = activate(add(0));
        Batch changed = b.consumeOne(T0.plusSeconds(9)).withPriority(-4, T0.plusSeconds(10));

        writeVoid(tx -> tx.batches().update(changed));

        assertThat(read((FleetTransaction tx) -> tx.batches().find(b.id()))).contains(changed);
    }

    @Test
    void listsNewestFirst() {
        Batch a = add(0);
        Batch b = add(0);

        assertThat(read((FleetTransaction tx) -> tx.batches().list()))
                .extracting(Batch::id)
                .containsExactly(b.id(), a.id());
    }

    @Test
    void refusesToUpdateAMissingBatch() {
        Batch ghost = new Batch(new BatchId(999), CORO, KXP2, 1, 1, 0, BatchState.PENDING, T0, T0);

        assertThatThrownBy(() -> writeVoid(tx -> tx.batches().update(ghost))).isInstanceOf(StorageException.class);
    }
}
