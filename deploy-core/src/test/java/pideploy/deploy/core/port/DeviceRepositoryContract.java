package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;
import static pideploy.deploy.core.fixture.FleetFixtures.mac;
import static pideploy.deploy.core.fixture.FleetFixtures.serial;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;

/** Contract of {@link DeviceRepository}. */
public abstract class DeviceRepositoryContract extends FleetStoreFixture {
    private static final Hostname H1 = Hostname.of("KXP2-CORO-001");

    @Test
    void addsADeviceWithoutHostnameAndANewId() {
        Device a = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(1), T0));
        Device b = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(2), T0));

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.hostname()).isEmpty();
        assertThat(read((FleetTransaction tx) -> tx.devices().find(a.id()))).contains(a);
        assertThat(read((FleetTransaction tx) -> tx.devices().findBySerial(serial(2))))
                .contains(b);
    }

    @Test
    void findsADeviceWithoutSerialByMac() {
        Device d = write((FleetTransaction tx) ->
                tx.devices().add(new DeviceIdentity(Optional.empty(), Optional.of(mac(7))), T0));

        assertThat(read((FleetTransaction tx) -> tx.devices().findByMac(mac(7))))
                .contains(d);
        assertThat(read((FleetTransaction tx) -> tx.devices().findBySerial(serial(7))))
                .isEmpty();
    }

    @Test
    void findsTheMostRecentlySeenDeviceForAMac() {
        Device older = write((FleetTransaction tx) ->
                tx.devices().add(new DeviceIdentity(Optional.of(serial(1)), Optional.of(mac(5))), T0));
        Device newer = write((FleetTransaction tx) ->
                tx.devices().add(new DeviceIdentity(Optional.of(serial(2)), Optional.of(mac(5))), T0.plusSeconds(5)));

        assertThat(read((FleetTransaction tx) -> tx.devices().findByMac(mac(5))))
                .contains(newer);
        writeVoid(tx -> tx.devices().update(older.seen(older.identity(), T0.plusSeconds(10))));
        assertThat(read((FleetTransaction tx) -> tx.devices().findByMac(mac(5))))
                .map(Device::id)
                .contains(older.id());
    }

    @Test
    void rejectsASecondDeviceWithTheSameSerial() {
        writeVoid(tx -> tx.devices().add(FleetFixtures.device(1), T0));

        assertThatThrownBy(() -> writeVoid(tx -> tx.devices().add(FleetFixtures.device(1), T0)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void keepsTheHostnameAndFindsTheDeviceByIt() {
        Device d = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(1), T0));
        Device holding = d.holding(H1, T0.plus(Duration.ofMinutes(1)));

        writeVoid(tx -> tx.devices().update(holding));

        assertThat(read((FleetTransaction tx) -> tx.devices().findByHostname(H1)))
                .contains(holding);
    }

    @Test
    void refusesToGiveOneHostnameToTwoDevices() {
        Device a = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(1), T0));
        Device b = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(2), T0));
        writeVoid(tx -> tx.devices().update(a.holding(H1, T0)));

        assertThatThrownBy(() -> writeVoid(tx -> tx.devices().update(b.holding(H1, T0))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(read((FleetTransaction tx) -> tx.devices().find(b.id())))
                .map(Device::hostname)
                .contains(Optional.empty());
    }

    @Test
    void detachingFreesTheHostnameForAnotherDevice() {
        Device a = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(1), T0));
        Device b = write((FleetTransaction tx) -> tx.devices().add(FleetFixtures.device(2), T0));
        writeVoid(tx -> tx.devices().update(a.holding(H1, T0)));

        writeVoid(tx -> {
            tx.devices().update(a.holding(H1, T0).detached());
            tx.devices().update(b.holding(H1, T0));
        });

        assertThat(read((FleetTransaction tx) -> tx.devices().findByHostname(H1)))
                .map(Device::id)
                .contains(b.id());
    }

    @Test
    void refusesToUpdateAMissingDevice() {
        Device ghost = new Device(999_999, Optional.of(serial(1)), Optional.empty(), Optional.empty(), T0, T0);

        assertThatThrownBy(() -> writeVoid(tx -> tx.devices().update(ghost))).isInstanceOf(StorageException.class);
    }
}
