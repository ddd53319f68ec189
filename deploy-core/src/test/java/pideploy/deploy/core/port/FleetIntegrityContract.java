package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.pool.PoolEntry;

/**
 * Contract of {@link FleetIntegrity}: a fleet that assigned through the ports as the core does passes, and each
 * invariant's break, made through the same ports, is reported by name with the hostname in its detail.
 */
public abstract class FleetIntegrityContract extends FleetStoreFixture {
    /** The check over the same data as {@link #store}. */
    protected abstract FleetIntegrity integrity();

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
        writeVoid(tx -> {
            for (int n = 1; n <= 3; n++) {
                tx.pool().addIfAbsent(PoolEntry.available(CORO, KXP2, n, 3));
            }
        });
    }

    /** As the core assigns: the device holds the entry's hostname, the entry names the device, a deployment records it. */
    private Device assign(long device, int number) {
        return write(tx -> {
            Device d = tx.devices().add(FleetFixtures.device(device), T0);
            PoolEntry entry = tx.pool().lowestAvailable(CORO, KXP2).orElseThrow();
            assertThat(entry.number()).isEqualTo(number);
            tx.pool().update(entry.assignedTo(d.id(), T0));
            Device holding = d.holding(entry.hostname(), T0);
            tx.devices().update(holding);
            tx.deployments().add(FleetFixtures.newDeployment(device, CORO, KXP2, number, T0));
            return holding;
        });
    }

    @Test
    void aFleetAssignedAsTheCoreDoesPasses() {
        assign(1, 1);
        assign(2, 2);

        assertThat(integrity().check()).isEmpty();
    }

    @Test
    void anEmptyFleetPasses() {
        assertThat(integrity().check()).isEmpty();
    }

    @Test
    void aDeviceHoldingAHostnameThePoolThinksFreeIsReported() {
        Device d = assign(1, 1);
        PoolEntry free = read(tx -> tx.pool().lowestAvailable(CORO, KXP2)).orElseThrow();
        writeVoid(tx -> {
            Device other = tx.devices().add(FleetFixtures.device(2), T0);
            tx.devices().update(other.holding(free.hostname(), T0));
        });

        assertThat(integrity().check()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(IntegrityProblem.UNPOOLED_HOLDER);
            assertThat(p.detail()).contains(free.hostname().value()).contains("available");
        });
        assertThat(d.hostname()).isPresent();
    }

    @Test
    void anEntryAssignedToADeviceThatHoldsAnotherHostnameIsReported() {
        Device d = assign(1, 1);
        writeVoid(tx ->
                tx.devices().update(tx.devices().find(d.id()).orElseThrow().detached()));

        assertThat(integrity().check()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(IntegrityProblem.POOL_HOLDER);
            assertThat(p.detail()).contains(d.hostname().orElseThrow().value());
        });
    }

    @Test
    void anAssignedNumberWithoutItsDeploymentIsReported() {
        PoolEntry entry = read(tx -> tx.pool().lowestAvailable(CORO, KXP2)).orElseThrow();
        writeVoid(tx -> {
            Device d = tx.devices().add(FleetFixtures.device(1), T0);
            tx.pool().update(entry.assignedTo(d.id(), T0));
            tx.devices().update(d.holding(entry.hostname(), T0));
        });

        assertThat(integrity().check()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(IntegrityProblem.ASSIGNED_WITHOUT_DEPLOYMENT);
            assertThat(p.detail()).contains(entry.hostname().value());
        });
    }
}
