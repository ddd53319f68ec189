package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;

/** Contract of {@link PoolRepository}. */
public abstract class PoolRepositoryContract extends FleetStoreFixture {

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
    }

    private static PoolEntry entry(int number) {
        return PoolEntry.available(CORO, KXP2, number, 3);
    }

    private void add(int... numbers) {
        writeVoid(tx -> {
            for (int n : numbers) {
                tx.pool().addIfAbsent(entry(n));
            }
        });
    }

    private Device newDevice(long n) {
        return write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(n), T0));
    }

    @Test
    void addsAnEntryOnceAndSkipsItTheSecondTime() {
        assertThat(write((FleetTransaction tx) -> tx.pool().addIfAbsent(entry(14))))
                .isTrue();
        assertThat(write((FleetTransaction tx) -> tx.pool().addIfAbsent(entry(14))))
                .isFalse();

        assertThat(read((FleetTransaction tx) -> tx.pool().findByHostname(Hostname.of("KXP2-CORO-014"))))
                .contains(entry(14));
    }

    @Test
    void skipsAnEntryWhoseHostnameExistsUnderAnotherNumber() {
        add(14);
        PoolEntry sameName = new PoolEntry(
                CORO,
                KXP2,
                140,
                Hostname.of("KXP2-CORO-014"),
                PoolEntryState.AVAILABLE,
                java.util.OptionalLong.empty(),
                Optional.empty());

        assertThat(write((FleetTransaction tx) -> tx.pool().addIfAbsent(sameName)))
                .isFalse();
    }

    @Test
    void picksTheLowestAvailableNumberInNumericOrder() {
        add(1000, 999, 5, 77);
        writeVoid(tx -> tx.pool().update(entry(5).retired()));

        assertThat(read((FleetTransaction tx) -> tx.pool().lowestAvailable(CORO, KXP2)))
                .map(PoolEntry::number)
                .contains(77);
        writeVoid(tx -> tx.pool().update(entry(77).retired()));
        assertThat(read((FleetTransaction tx) -> tx.pool().lowestAvailable(CORO, KXP2)))
                .map(PoolEntry::number)
                .contains(999);
        writeVoid(tx -> tx.pool().update(entry(999).retired()));
        assertThat(read((FleetTransaction tx) -> tx.pool().lowestAvailable(CORO, KXP2)))
                .map(PoolEntry::hostname)
                .contains(Hostname.of("KXP2-CORO-1000"));
    }

    @Test
    void findsNothingAvailableInAnotherVenuesOrProductsPool() {
        add(1);

        assertThat(read((FleetTransaction tx) -> tx.pool().lowestAvailable(LEMA, KXP2)))
                .isEmpty();
        assertThat(read((FleetTransaction tx) -> tx.pool().lowestAvailable(CORO, RXP2)))
                .isEmpty();
    }

    @Test
    void keepsTheHolderAndAssignmentTime() {
        add(1);
        Device device = newDevice(1);
        PoolEntry assigned = entry(1).assignedTo(device.id(), T0);

        writeVoid(tx -> tx.pool().update(assigned));

        assertThat(read((FleetTransaction tx) -> tx.pool().findByHolder(device.id())))
                .contains(assigned);
        assertThat(read((FleetTransaction tx) -> tx.pool().lowestAvailable(CORO, KXP2)))
                .isEmpty();
    }

    @Test
    void refusesASecondEntryForTheSameDevice() {
        add(1, 2);
        Device device = newDevice(1);
        writeVoid(tx -> tx.pool().update(entry(1).assignedTo(device.id(), T0)));

        assertThatThrownBy(() -> writeVoid(tx -> tx.pool().update(entry(2).assignedTo(device.id(), T0))))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void refusesToUpdateAMissingEntry() {
        assertThatThrownBy(() -> writeVoid(tx -> tx.pool().update(entry(9).retired())))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void countsAvailableAssignedAndRetiredEntries() {
        add(1, 2, 3, 4);
        Device device = newDevice(1);
        writeVoid(tx -> {
            tx.pool().update(entry(1).assignedTo(device.id(), T0));
            tx.pool().update(entry(2).retired());
            tx.pool().addIfAbsent(PoolEntry.available(LEMA, RXP2, 1, 3));
        });

        assertThat(read((FleetTransaction tx) -> tx.pool().counts(CORO, KXP2)))
                .isEqualTo(new PoolCounts(CORO, KXP2, 2, 1, 1));
        assertThat(read((FleetTransaction tx) -> tx.pool().counts(LEMA, KXP2)))
                .isEqualTo(new PoolCounts(LEMA, KXP2, 0, 0, 0));
        assertThat(read((FleetTransaction tx) -> tx.pool().allCounts()))
                .containsExactly(new PoolCounts(CORO, KXP2, 2, 1, 1), new PoolCounts(LEMA, RXP2, 1, 0, 0));
    }

    @Test
    void listsEntriesByFilterInVenueProductNumberOrder() {
        add(10, 2);
        writeVoid(tx -> {
            tx.pool().addIfAbsent(PoolEntry.available(CORO, RXP2, 1, 3));
            tx.pool().addIfAbsent(PoolEntry.available(LEMA, KXP2, 1, 3));
            tx.pool().update(entry(10).retired());
        });

        assertThat(read((FleetTransaction tx) -> tx.pool().list(PoolFilter.ALL)))
                .extracting(e -> e.hostname().value())
                .containsExactly("KXP2-CORO-002", "KXP2-CORO-010", "RXP2-CORO-001", "KXP2-LEMA-001");
        assertThat(read((FleetTransaction tx) -> tx.pool().list(PoolFilter.venue(CORO))))
                .hasSize(3);
        assertThat(read((FleetTransaction tx) -> tx.pool()
                        .list(new PoolFilter(
                                Optional.of(CORO), Optional.of(KXP2), Optional.of(PoolEntryState.RETIRED)))))
                .extracting(PoolEntry::number)
                .isEqualTo(List.of(10));
    }
}
